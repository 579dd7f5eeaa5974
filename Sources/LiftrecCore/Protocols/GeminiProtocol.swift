/// Google's Gemini API (`google-genai`, lift-sys's `GeminiProvider`): `POST {base}/v1beta/models/{model}:generateContent`
/// (or `/v1/…`, and `:streamGenerateContent?alt=sse`), the model in the path, the key in `?key=` or `x-goog-api-key`.
///
/// Member names arrive in camelCase or in the proto's snake_case, and schema type names in either case; both are
/// one request to the endpoint, so the fingerprint reads them as one.
struct GeminiProtocol: HostedChatAPI {
    /// The variable holding the API key sent as `x-goog-api-key`; `GEMINI_API_KEY` is read after it by default.
    var authVariable: String

    /// The protocol, authenticating with the key in `authVariable` (`GOOGLE_API_KEY`, then `GEMINI_API_KEY`, as
    /// google-genai reads them).
    init(authVariable: String = "GOOGLE_API_KEY") {
        self.authVariable = authVariable
    }

    /// `gemini`.
    var name: String { "gemini" }

    /// `…/models/{model}:generateContent` and `:streamGenerateContent`, and `…/v1beta/models` for health.
    func route(path: String) -> Route.Purpose? {
        if path.contains("/models/") && (path.hasSuffix(":generateContent") || path.hasSuffix(":streamGenerateContent")) { return .generate }
        if path.hasSuffix("/v1beta/models") { return .health }
        return nil
    }

    /// The model between `models/` and the verb, and whether the verb streams.
    func pathDetails(_ path: String) -> (model: String?, streams: Bool) {
        guard let models = path.ranges(of: "/models/").last, let colon = path[models.upperBound...].lastIndex(of: ":") else {
            return (nil, false)
        }
        let model = String(path[models.upperBound..<colon])
        return (model.isEmpty ? nil : model, path.hasSuffix(":streamGenerateContent"))
    }

    /// Other routes under `/v1beta/`.
    var unknownPathPrefixes: [String] { ["/v1beta/"] }

    /// A generateContent request.
    var requestShape: String { #"a generateContent request, a JSON object {"contents", ...}"# }

    /// The protocol sending the key in `variable`.
    func authenticating(with variable: String) -> (any WireProtocol)? {
        GeminiProtocol(authVariable: variable)
    }

    /// `{"error": {"code", "message", "status"}}`.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject {
        let word = switch status {
        case 400: "INVALID_ARGUMENT"
        case 401, 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 429: "RESOURCE_EXHAUSTED"
        case 503: "UNAVAILABLE"
        default: "INTERNAL"
        }
        var body = JSONObject([("error", .object(JSONObject([("code", .number(JSONNumber(status))), ("message", .string(message)), ("status", .string(word))])))])
        for (name, value) in extra.members { body[name] = value }
        return body
    }

    /// None: every member of a generateContent request can change the answer.
    var ignoredMembers: Set<String> { [] }

    /// The member under its camelCase name, its value with every snake_case name made camelCase (but inside user data:
    /// `properties` names, function `args` and `response`, JSON schemas given as such) and schema type names lower-cased.
    func fingerprintMember(_ name: String, canonical: [UInt8]) -> (name: String, canonical: [UInt8]) {
        guard let value = try? JSONParser.parse(canonical), let normalized = try? JSONWriter.canonical(Self.normalized(value)) else {
            return (Self.camelCase(name), canonical)
        }
        return (Self.camelCase(name), normalized)
    }

    /// SHA-256 of `{"protocol", "model", "request"}`, the model from the path (or the case).
    func fingerprint<Body: JSONNode>(incoming body: Body, route: Route) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(body, model: route.model)
    }

    /// The case's request with its model, as `fingerprint(incoming:route:)` computes it for the same request.
    func fingerprint(_ request: CaseRequest) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(JSONValue.object(request.body ?? JSONObject()), model: request.model)
    }

    private func fingerprint<Body: JSONNode>(_ body: Body, model: String?) throws(JSONCanonicalError) -> RequestFingerprint {
        var members: [(name: String, canonical: [UInt8])] = []
        for (name, value) in body.distinctMembers {
            let member = fingerprintMember(name, canonical: try value.canonical())
            if !members.contains(where: { $0.name == member.name }) { members.append(member) }
        }
        return RequestFingerprint(protocolName: self.name, model: model, requestMembers: members)
    }

    /// `contents` (the messages, or the prompt as one user turn), `systemInstruction`, `generationConfig` with the
    /// sampling members named, `tools` and `toolConfig` as given, and a JSON response schema for `schema`.
    func request(shorthand fields: JSONObject, model: String?) -> JSONObject {
        var body = JSONObject()
        body["contents"] = fields["messages"] ?? .array([.object(JSONObject([
            ("role", .string("user")), ("parts", .array([.object(JSONObject([("text", fields["prompt"] ?? .string(""))]))])),
        ]))])
        if let system = fields["system"] {
            body["systemInstruction"] = system.stringValue.map { .object(JSONObject([("parts", .array([.object(JSONObject([("text", .string($0))]))]))])) } ?? system
        }
        var config = JSONObject()
        for (field, member) in [("max_tokens", "maxOutputTokens"), ("temperature", "temperature"), ("top_p", "topP"), ("seed", "seed")] {
            if let value = fields[field] { config[member] = value }
        }
        if let stop = fields["stop"] { config["stopSequences"] = stop.stringValue.map { .array([.string($0)]) } ?? stop }
        if let schema = fields["schema"] {
            config["responseMimeType"] = .string("application/json")
            config["responseJsonSchema"] = schema
        }
        if !config.keys.isEmpty { body["generationConfig"] = .object(config) }
        if let tools = fields["tools"] { body["tools"] = tools }
        if let choice = fields["tool_choice"] { body["toolConfig"] = choice }
        return body
    }

    /// The response schema (`responseJsonSchema` or the OpenAPI-style `responseSchema`), JSON for an
    /// `application/json` MIME type, the declared functions, and a function forced by mode `ANY`.
    func outputDemand(_ body: JSONObject) -> OutputDemand {
        var demand = OutputDemand()
        let normalized = Self.normalized(.object(body))
        let config = normalized["generationConfig"]
        if let schema = config?["responseJsonSchema"] ?? config?["responseSchema"] {
            demand.schema = schema
            demand.json = true
        } else if config?["responseMimeType"]?.stringValue == "application/json" {
            demand.json = true
        }
        for tool in normalized["tools"]?.arrayValue ?? [] {
            for function in tool["functionDeclarations"]?.arrayValue ?? [] {
                guard let name = function["name"]?.stringValue else { continue }
                demand.tools.append((name, function["parametersJsonSchema"] ?? function["parameters"] ?? .bool(true)))
            }
        }
        return demand
    }

    /// The first candidate's text parts joined and its function calls; `MAX_TOKENS` is truncation, and a block
    /// (`SAFETY`, `RECITATION`, a prompt block) or an `error` object makes an error reply.
    func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        let candidate = body["candidates"]?.arrayValue?.first
        let parts = candidate?["content"]?["parts"]?.arrayValue ?? []
        let texts = parts.compactMap { $0["text"]?.stringValue }
        let calls = parts.compactMap { part -> ReplyChoice.ToolCall? in
            guard let call = part["functionCall"], let name = call["name"]?.stringValue else { return nil }
            return ReplyChoice.ToolCall(name: name, arguments: call["args"] ?? .object(JSONObject()))
        }
        if candidate != nil {
            reading.choices = [ReplyChoice(text: texts.isEmpty ? nil : texts.joined(), toolCalls: calls)]
        }
        if let text = texts.first { reading.output = try? JSONParser.parse(Array(text.utf8)) }
        reading.finishReason = candidate?["finishReason"]?.stringValue
        reading.tokensUsed = body["usageMetadata"]?["candidatesTokenCount"]?.numberValue
        let blocked = body["promptFeedback"]?["blockReason"]?.stringValue
            ?? reading.finishReason.flatMap { Self.blocks.contains($0) ? $0 : nil }
        if let error = body["error"], !error.isNull {
            reading.error = error["message"]?.stringValue ?? error.brief(limit: 200)
        } else if let blocked {
            reading.error = "the answer was blocked (\(blocked))"
        }
        if reading.error != nil { reading.choices = [] }
        return reading
    }

    private static let blocks: Set<String> = ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE", "OTHER"]

    /// `MAX_TOKENS`.
    func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "MAX_TOKENS"
    }

    /// Never from the body: the path's verb asks for a stream.
    func asksForStream<Body: JSONNode>(_ request: Body) -> Bool {
        false
    }

    /// The body unchanged: streaming is the URL's verb, `:streamGenerateContent?alt=sse`, and every chunk carries usage.
    func streamingRequest(_ body: JSONValue, countingUsage: Bool) -> JSONValue? {
        body
    }

    /// Data-only events, each a `GenerateContentResponse` chunk: the text in pieces, function calls whole, and the
    /// finish reason and usage on the last.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        let candidate = reply["candidates"]?.arrayValue?.first
        let parts = candidate?["content"]?["parts"]?.arrayValue ?? []
        var chunks: [[JSONValue]] = []
        for part in parts {
            if let text = part["text"]?.stringValue {
                chunks += ServerSentEvent.pieces(of: text).map { [.object(JSONObject([("text", .string($0))]))] }
            } else {
                chunks.append([part])
            }
        }
        if chunks.isEmpty { chunks = [[]] }
        return chunks.enumerated().map { index, pieces in
            var content = JSONObject([("parts", .array(pieces)), ("role", .string("model"))])
            if pieces.isEmpty { content["parts"] = .array([]) }
            var chunkCandidate = JSONObject([("content", .object(content)), ("index", .number(JSONNumber(0)))])
            var chunk = JSONObject()
            if index == chunks.count - 1 {
                chunkCandidate["finishReason"] = candidate?["finishReason"] ?? .string("STOP")
                if let usage = reply["usageMetadata"] { chunk["usageMetadata"] = usage }
            }
            chunk["candidates"] = .array([.object(chunkCandidate)])
            for member in ["modelVersion", "responseId"] { if let value = reply[member] { chunk[member] = value } }
            return ServerSentEvent(json: chunk)
        }
    }

    /// The response the chunks amount to: their text joined, their function calls, the last finish reason and
    /// usage; nil unless the last chunk carries a finish reason.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        var parts: [JSONValue] = []
        var text = ""
        var finish: JSONValue?
        var last = JSONObject()
        for event in events {
            guard let chunk = try? JSONParser.parse(Array(event.data.utf8)).objectValue else { return nil }
            last = chunk
            let candidate = chunk["candidates"]?.arrayValue?.first
            for part in candidate?["content"]?["parts"]?.arrayValue ?? [] {
                if let piece = part["text"]?.stringValue { text += piece } else { parts.append(part) }
            }
            finish = candidate?["finishReason"] ?? finish
        }
        guard let finish, let lastCandidate = last["candidates"]?.arrayValue?.first, lastCandidate["finishReason"] != nil else { return nil }
        if !text.isEmpty { parts.insert(.object(JSONObject([("text", .string(text))])), at: 0) }
        var reply = last
        reply["candidates"] = .array([.object(JSONObject([
            ("content", .object(JSONObject([("parts", .array(parts)), ("role", .string("model"))]))), ("finishReason", finish), ("index", .number(JSONNumber(0))),
        ]))])
        return reply
    }

    /// `{base}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse`.
    func requestURL(endpoint: EndpointURL, model: String?, streams: Bool) -> EndpointURL {
        let verb = streams ? "streamGenerateContent" : "generateContent"
        let url = endpoint.route("/v1beta/models/\(model ?? "gemini"):\(verb)")
        return streams ? url.addingQuery("alt=sse") : url
    }

    /// `{base}/v1beta/models/gemini:generateContent`; a case's own model is given by `requestURL(endpoint:model:streams:)`.
    func requestURL(endpoint: EndpointURL) -> EndpointURL {
        requestURL(endpoint: endpoint, model: nil, streams: false)
    }

    /// `GET {base}/v1beta/models`.
    func healthURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL {
        endpoint.route("/v1beta/models")
    }

    /// The first model's name, without `models/`.
    func model(inHealth body: JSONObject) -> String? {
        body["models"]?.arrayValue?.first?["name"]?.stringValue.map { $0.hasPrefix("models/") ? String($0.dropFirst(7)) : $0 }
    }

    /// `{"models": [{"name": "models/MODEL", "displayName": backend}]}`.
    func healthReply(model: String, backend: String) -> JSONObject {
        JSONObject([("models", .array([.object(JSONObject([("name", .string("models/" + model)), ("displayName", .string(backend))]))]))])
    }

    /// `{"protocol", "model", "request"}`: the model from the path, the body in RFC 8785 form.
    func learnedCase(_ body: JSONObject, route: Route) throws(JSONCanonicalError) -> JSONObject {
        let normalized = (try? JSONParser.parse(try JSONWriter.canonical(.object(body)))) ?? .object(body)
        var entry = JSONObject([("protocol", .string(name))])
        if let model = route.model { entry["model"] = .string(model) }
        entry["request"] = normalized
        return entry
    }

    /// `GOOGLE_GEMINI_BASE_URL` (the origin), and a placeholder `GEMINI_API_KEY` only where neither key is set, so the
    /// client starts without warning of two keys.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        var variables = ["GOOGLE_GEMINI_BASE_URL": origin]
        if (existing["GOOGLE_API_KEY"]?.isEmpty ?? true) && (existing["GEMINI_API_KEY"]?.isEmpty ?? true) {
            variables["GEMINI_API_KEY"] = ReplayUpstream.placeholderKey
        }
        return variables
    }

    /// The key's variables, `GEMINI_API_KEY` after the default one.
    var credentialVariables: [String] { authVariable == "GOOGLE_API_KEY" ? ["GOOGLE_API_KEY", "GEMINI_API_KEY"] : [authVariable] }

    /// `x-goog-api-key` with the first key set.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        guard let key = credentialVariables.lazy.compactMap({ variables[$0] }).first(where: { !$0.isEmpty }) else { return [] }
        return [("x-goog-api-key", key)]
    }

    /// `contents` must be present; mode `ANY` calls the first allowed (or declared) function, a response schema or
    /// JSON MIME type gives JSON, and anything else text.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        let calling = Self.normalized(.object(body))["toolConfig"]?["functionCallingConfig"]
        let forced = calling?["mode"]?.stringValue?.uppercased() == "ANY"
            ? calling?["allowedFunctionNames"]?.arrayValue?.first?.stringValue ?? outputDemand(body).tools.first?.name : nil
        let config = Self.normalized(.object(body))["generationConfig"]
        var request = SimulatedRequest(chat: body, speaking: self, forcing: forced, maxTokens: config?["maxOutputTokens"])
        request.temperature = config?["temperature"]?.numberValue?.doubleValue ?? 1
        if body["contents"]?.arrayValue?.isEmpty ?? true { request.missingField = "contents" }
        return request
    }

    /// A `GenerateContentResponse` whose one candidate gives the text, JSON or a function call, `MAX_TOKENS` when cut.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
        let text: String
        let tokens: Int
        var finish = "STOP"
        var answer = JSONValue.null
        switch outcome {
        case .invalid(let field, let message):
            return (400, errorBody(status: 400, message: field.map { "* GenerateContentRequest.\($0): contents is not specified" } ?? message, extra: JSONObject()))
        case .answer(let value, let body, let count):
            (answer, text, tokens) = (value, body, count)
        case .truncated(let value, let body, let count):
            (answer, text, tokens, finish) = (value, body, count, "MAX_TOKENS")
        case .cutOff(let body, let count):
            (text, tokens, finish) = (body, count, "MAX_TOKENS")
        }
        let part: JSONObject
        if case .toolCall(let name) = request.output {
            part = JSONObject([("functionCall", .object(JSONObject([("name", .string(name)), ("args", answer)])))])
        } else {
            part = JSONObject([("text", .string(text))])
        }
        return (200, JSONObject([
            ("candidates", .array([.object(JSONObject([
                ("content", .object(JSONObject([("parts", .array([.object(part)])), ("role", .string("model"))]))),
                ("finishReason", .string(finish)), ("index", .number(JSONNumber(0))),
            ]))])),
            ("usageMetadata", .object(JSONObject([
                ("promptTokenCount", .number(JSONNumber(16))), ("candidatesTokenCount", .number(JSONNumber(tokens))),
                ("totalTokenCount", .number(JSONNumber(16 + tokens))),
            ]))),
            ("modelVersion", .string(SimulatedEndpoint.model)),
            ("responseId", .string("liftrec-\(request.fingerprint.prefix(12))")),
        ]))
    }

    /// A value with snake_case member names made camelCase and schema type names lower-cased, except inside user data.
    static func normalized(_ value: JSONValue, userData: Bool = false) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { name, member in
                let key = userData ? name : camelCase(name)
                switch key {
                case "args", "response", "parametersJsonSchema", "responseJsonSchema", "example", "default", "enum":
                    return (key, member)
                case "properties" where !userData:
                    return (key, .object(JSONObject((member.objectValue ?? JSONObject()).members.map { ($0, normalized($1)) })))
                case "type" where !userData:
                    return (key, member.stringValue.map { .string($0.lowercased()) } ?? member)
                default:
                    return (key, normalized(member, userData: userData))
                }
            }))
        case .array(let items):
            return .array(items.map { normalized($0, userData: userData) })
        default:
            return value
        }
    }

    static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        var result = ""
        var upper = false
        for character in name {
            if character == "_" {
                upper = !result.isEmpty
                continue
            }
            result += upper ? character.uppercased() : String(character)
            upper = false
        }
        return result
    }
}
