/// OpenAI chat completions (DESIGN §6b), as OpenAI, vLLM's OpenAI-compatible server, Ollama, LM Studio, llama.cpp
/// and Gemini's compatibility endpoint speak it; structured output through `response_format` or vLLM's `guided_json`.
public struct OpenAIChatProtocol: HostedChatAPI {
    /// The variable holding the API key sent as a bearer token.
    public var authVariable: String

    /// The protocol, authenticating with the key in `authVariable`.
    public init(authVariable: String = "OPENAI_API_KEY") {
        self.authVariable = authVariable
    }

    /// `openai-chat`.
    public var name: String { "openai-chat" }

    /// `…/chat/completions` and `…/models`, with or without `/v1` before them, as clients' base URLs differ.
    public func route(path: String) -> Route.Purpose? {
        if path.hasSuffix("/chat/completions") { return .generate }
        if path == "/v1/models" || path == "/models" { return .health }
        return nil
    }

    /// Other routes under `/v1/`, such as `/v1/embeddings`.
    public var unknownPathPrefixes: [String] { ["/v1/"] }

    /// `length`.
    public func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "length"
    }

    /// A chat completions request.
    public var requestShape: String { #"a chat completions request, a JSON object {"model", "messages", ...}"# }

    /// The protocol sending the key in `variable`.
    public func authenticating(with variable: String) -> (any WireProtocol)? {
        OpenAIChatProtocol(authVariable: variable)
    }

    /// `{"model", "messages", "max_tokens", "temperature", "top_p", "response_format"}` with a strict JSON schema.
    public func body(_ request: CaseRequest) -> JSONObject {
        var body = JSONObject()
        if let model = request.model { body["model"] = .string(model) }
        var messages = request.messages?.arrayValue ?? Self.messages(request.prompt).arrayValue ?? []
        if let system = request.system {
            messages.insert(.object(JSONObject([("role", .string("system")), ("content", .string(system))])), at: 0)
        }
        body["messages"] = .array(messages)
        body["max_tokens"] = .number(request.parameters.maxTokens)
        body["temperature"] = .number(request.parameters.temperature)
        body["top_p"] = .number(request.parameters.topP)
        body["response_format"] = .object(JSONObject([
            ("type", .string("json_schema")),
            ("json_schema", .object(JSONObject([("name", .string("output")), ("schema", request.schema), ("strict", .bool(true))]))),
        ]))
        return body
    }

    /// Protocol, model, messages, schema (from `response_format` or `guided_json`) and sampling, defaults filled in;
    /// `stream`, `stream_options`, `user`, `metadata`, `n` and the schema's name are left out.
    public func fingerprint<Body: JSONNode>(incoming body: Body) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(semanticMembers: [
            member("model", body["model"]),
            member("messages", body["messages"]),
            member("schema", body["response_format"]?["json_schema"]?["schema"] ?? body["guided_json"]),
            member("max_tokens", body["max_tokens"] ?? body["max_completion_tokens"]),
            member("temperature", body["temperature"], else: .number(JSONNumber(1))),
            member("top_p", body["top_p"], else: .number(JSONNumber(1))),
        ])
    }

    /// The first choice's message content parsed as JSON is the output; `error` makes an error reply.
    public func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        let choice = body["choices"]?.arrayValue?.first
        reading.finishReason = choice?["finish_reason"]?.stringValue
        reading.tokensUsed = body["usage"]?["completion_tokens"]?.numberValue
        if let content = choice?["message"]?["content"]?.stringValue {
            reading.output = try? JSONParser.parse(Array(content.utf8))
            if reading.output == nil { reading.rawOutput = content }
        }
        if let error = body["error"], !error.isNull {
            reading.error = error["message"]?.stringValue ?? error.stringValue ?? error.brief(limit: 200)
        }
        return reading
    }

    /// `chat.completion.chunk` events: the role, the content in pieces, the finish reason, then `[DONE]`.
    public func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        let choice = reply["choices"]?.arrayValue?.first
        func chunk(_ delta: JSONObject, finish: JSONValue = .null) -> ServerSentEvent {
            ServerSentEvent(json: JSONObject([
                ("id", reply["id"] ?? .string("chatcmpl-liftrec")),
                ("object", .string("chat.completion.chunk")),
                ("created", reply["created"] ?? .number(JSONNumber(0))),
                ("model", reply["model"] ?? .string("")),
                ("choices", .array([.object(JSONObject([("index", .number(JSONNumber(0))), ("delta", .object(delta)), ("finish_reason", finish)]))])),
            ]))
        }
        var events = [chunk(JSONObject([("role", .string("assistant")), ("content", .string(""))]))]
        for piece in ServerSentEvent.pieces(of: choice?["message"]?["content"]?.stringValue ?? "") {
            events.append(chunk(JSONObject([("content", .string(piece))])))
        }
        events.append(chunk(JSONObject(), finish: choice?["finish_reason"] ?? .string("stop")))
        events.append(ServerSentEvent(data: "[DONE]"))
        return events
    }

    /// The `chat.completion` the chunks amount to: the role and content joined, the last finish reason and any usage;
    /// nil unless the stream ends with `[DONE]`.
    public func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        guard events.last?.data == "[DONE]" else { return nil }
        var first: JSONObject?
        var role = "assistant"
        var content = ""
        var finish = JSONValue.null
        var usage: JSONValue?
        for event in events.dropLast() {
            guard let chunk = try? JSONParser.parse(Array(event.data.utf8)).objectValue else { return nil }
            if first == nil { first = chunk }
            if let found = chunk["usage"], !found.isNull { usage = found }
            guard let choice = chunk["choices"]?.arrayValue?.first else { continue }
            if let text = choice["delta"]?["role"]?.stringValue { role = text }
            if let text = choice["delta"]?["content"]?.stringValue { content += text }
            if let reason = choice["finish_reason"], !reason.isNull { finish = reason }
        }
        var reply = JSONObject([
            ("id", first?["id"] ?? .string("chatcmpl-liftrec")),
            ("object", .string("chat.completion")),
            ("created", first?["created"] ?? .number(JSONNumber(0))),
            ("model", first?["model"] ?? .string("")),
            ("choices", .array([.object(JSONObject([
                ("index", .number(JSONNumber(0))),
                ("message", .object(JSONObject([("role", .string(role)), ("content", .string(content))]))),
                ("finish_reason", finish),
            ]))])),
        ])
        if let usage { reply["usage"] = usage }
        return reply
    }

    /// `{base}/v1/chat/completions`.
    public func requestURL(endpoint: EndpointURL) -> EndpointURL {
        endpoint.route("/v1/chat/completions")
    }

    /// `messages` must be a non-empty array; the schema comes from `response_format` or `guided_json`.
    public func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        var request = SimulatedRequest()
        if body["messages"]?.arrayValue?.isEmpty ?? true {
            request.missingField = "messages"
        }
        request.schema = body["response_format"]?["json_schema"]?["schema"] ?? body["guided_json"] ?? .bool(true)
        request.maxTokens = (body["max_tokens"] ?? body["max_completion_tokens"])?.numberValue?.intValue ?? 2048
        request.temperature = body["temperature"]?.numberValue?.doubleValue ?? 1
        request.fingerprint = (try? fingerprint(incoming: body))?.request ?? ""
        return request
    }

    /// A `chat.completion` with the answer as the message content, or OpenAI's 400 error shape.
    public func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
        let content: String
        let tokens: Int
        let finish: String
        switch outcome {
        case .invalid(let field, let message):
            let error = JSONObject([
                ("message", .string(field.map { "'\($0)' is a required property" } ?? message)),
                ("type", .string("invalid_request_error")), ("param", field.map(JSONValue.string) ?? .null), ("code", .null),
            ])
            return (400, JSONObject([("error", .object(error))]))
        case .answer(_, let text, let count):
            (content, tokens, finish) = (text, count, "stop")
        case .truncated(_, let text, let count), .cutOff(let text, let count):
            (content, tokens, finish) = (text, count, "length")
        }
        let promptTokens = 16
        return (200, JSONObject([
            ("id", .string("chatcmpl-liftrec-\(request.fingerprint.prefix(12))")),
            ("object", .string("chat.completion")),
            ("created", .number(JSONNumber(0))),
            ("model", .string(SimulatedEndpoint.model)),
            ("choices", .array([.object(JSONObject([
                ("index", .number(JSONNumber(0))),
                ("message", .object(JSONObject([("role", .string("assistant")), ("content", .string(content))]))),
                ("finish_reason", .string(finish)),
            ]))])),
            ("usage", .object(JSONObject([
                ("prompt_tokens", .number(JSONNumber(promptTokens))), ("completion_tokens", .number(JSONNumber(tokens))),
                ("total_tokens", .number(JSONNumber(promptTokens + tokens))),
            ]))),
        ]))
    }

    /// `{"object": "list", "data": [{"id": model, "object": "model", "owned_by": backend}]}`.
    public func healthReply(model: String, backend: String) -> JSONObject {
        let entry = JSONObject([("id", .string(model)), ("object", .string("model")), ("created", .number(JSONNumber(0))), ("owned_by", .string(backend))])
        return JSONObject([("object", .string("list")), ("data", .array([.object(entry)]))])
    }

    /// `OPENAI_BASE_URL` ending in `/v1`, and a placeholder key where none is set.
    public func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        clientVariables("OPENAI_BASE_URL", url: origin + "/v1", existing: existing)
    }

    /// `Authorization: Bearer` and the key in `authVariable`, when set.
    public func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        guard let key = variables[authVariable], !key.isEmpty else { return [] }
        return [("Authorization", "Bearer " + key)]
    }

    /// The prompt as one user message.
    static func messages(_ prompt: String) -> JSONValue {
        .array([.object(JSONObject([("role", .string("user")), ("content", .string(prompt))]))])
    }
}
