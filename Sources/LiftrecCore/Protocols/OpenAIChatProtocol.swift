/// OpenAI chat completions, as OpenAI, vLLM's OpenAI-compatible server, Ollama, LM Studio, llama.cpp
/// and Gemini's compatibility endpoint speak it; structured output through `response_format` or vLLM's `guided_json`.
struct OpenAIChatProtocol: HostedChatAPI {
    /// The variable holding the API key sent as a bearer token.
    var authVariable: String

    /// The protocol, authenticating with the key in `authVariable`.
    init(authVariable: String = "OPENAI_API_KEY") {
        self.authVariable = authVariable
    }

    /// `openai-chat`.
    var name: String { "openai-chat" }

    /// `…/chat/completions` and `…/models`, with or without `/v1` before them, as clients' base URLs differ.
    func route(path: String) -> Route.Purpose? {
        if path.hasSuffix("/chat/completions") { return .generate }
        if path.hasSuffix("/models") { return .health }
        return nil
    }

    /// Other routes under `/v1/`, such as `/v1/embeddings`.
    var unknownPathPrefixes: [String] { ["/v1/"] }

    /// `length`.
    func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "length"
    }

    /// A chat completions request.
    var requestShape: String { #"a chat completions request, a JSON object {"model", "messages", ...}"# }

    /// The protocol sending the key in `variable`.
    func authenticating(with variable: String) -> (any WireProtocol)? {
        OpenAIChatProtocol(authVariable: variable)
    }

    /// `{"error": {"message", "type", "param", "code"}}`: `liftrec_no_fixture` for a miss.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject {
        let type = [400, 401, 404].contains(status) ? "invalid_request_error" : status == 503 ? "service_unavailable" : "server_error"
        let code: JSONValue = status == 404 ? .string("liftrec_no_fixture") : status == 401 ? .string("invalid_api_key") : .null
        var body = JSONObject([("error", .object(JSONObject([("message", .string(message)), ("type", .string(type)), ("param", .null), ("code", code)])))])
        for (name, value) in extra.members { body[name] = value }
        return body
    }

    /// `stream`, `stream_options`, `user`, `metadata`, `store`, `service_tier`, `safety_identifier`, `prompt_cache_key`
    /// and `prompt_cache_retention`.
    var ignoredMembers: Set<String> {
        ["stream", "stream_options", "user", "metadata", "store", "service_tier", "safety_identifier", "prompt_cache_key", "prompt_cache_retention"]
    }

    /// `max_completion_tokens` is `max_tokens`; vLLM's `guided_json` is `response_format` with that schema.
    func fingerprintMember(_ name: String, canonical: [UInt8]) -> (name: String, canonical: [UInt8]) {
        switch name {
        case "max_completion_tokens":
            return ("max_tokens", canonical)
        case "guided_json":
            return ("response_format", Array(#"{"json_schema":{"schema":"#.utf8) + canonical + Array(#"},"type":"json_schema"}"#.utf8))
        default:
            return (name, canonical)
        }
    }

    /// `model`, `messages` (the system prompt first, then the messages or the prompt as one user message), the sampling
    /// members named, `tools` and `tool_choice`, and `response_format` with a strict JSON schema for `schema`.
    func request(shorthand fields: JSONObject, model: String?) -> JSONObject {
        var body = JSONObject()
        if let model { body["model"] = .string(model) }
        var messages = fields["messages"]?.arrayValue ?? Self.messages(fields["prompt"]?.stringValue ?? "").arrayValue ?? []
        if let system = fields["system"] {
            messages.insert(.object(JSONObject([("role", .string("system")), ("content", system)])), at: 0)
        }
        body["messages"] = .array(messages)
        for name in ["max_tokens", "temperature", "top_p", "seed", "stop", "tools", "tool_choice"] {
            if let value = fields[name] { body[name] = value }
        }
        if let schema = fields["schema"] {
            body["response_format"] = .object(JSONObject([
                ("type", .string("json_schema")),
                ("json_schema", .object(JSONObject([("name", .string("output")), ("schema", schema), ("strict", .bool(true))]))),
            ]))
        }
        return body
    }

    /// The schema of `response_format` (`json_schema`) or `guided_json`, JSON for `json_object`, the declared
    /// functions' parameters (`tools`, or the older `functions`), and `n`.
    func outputDemand(_ body: JSONObject) -> OutputDemand {
        var demand = OutputDemand()
        let format = body["response_format"]
        if format?["type"]?.stringValue == "json_schema" {
            demand.schema = format?["json_schema"]?["schema"] ?? .bool(true)
            demand.json = true
        } else if format?["type"]?.stringValue == "json_object" {
            demand.json = true
        }
        if let schema = body["guided_json"] {
            demand.schema = schema
            demand.json = true
        }
        for tool in body["tools"]?.arrayValue ?? [] {
            guard let name = tool["function"]?["name"]?.stringValue else { continue }
            demand.tools.append((name, tool["function"]?["parameters"] ?? .bool(true)))
        }
        for function in body["functions"]?.arrayValue ?? [] {
            guard let name = function["name"]?.stringValue else { continue }
            demand.tools.append((name, function["parameters"] ?? .bool(true)))
        }
        demand.choices = body["n"]?.numberValue?.intValue ?? 1
        return demand
    }

    /// Each choice's message content and tool calls; the first content parsed as JSON is the output; `error` makes
    /// an error reply.
    func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        let choices = body["choices"]?.arrayValue ?? []
        reading.finishReason = choices.first?["finish_reason"]?.stringValue
        reading.tokensUsed = body["usage"]?["completion_tokens"]?.numberValue
        reading.choices = choices.map { choice in
            let message = choice["message"]
            var calls = (message?["tool_calls"]?.arrayValue ?? []).compactMap { call -> ReplyChoice.ToolCall? in
                guard let name = call["function"]?["name"]?.stringValue else { return nil }
                return ReplyChoice.ToolCall(name: name, argumentsText: call["function"]?["arguments"]?.stringValue ?? "")
            }
            if let call = message?["function_call"], let name = call["name"]?.stringValue {
                calls.append(ReplyChoice.ToolCall(name: name, argumentsText: call["arguments"]?.stringValue ?? ""))
            }
            return ReplyChoice(text: message?["content"]?.stringValue, toolCalls: calls)
        }
        if let content = choices.first?["message"]?["content"]?.stringValue {
            reading.output = try? JSONParser.parse(Array(content.utf8))
        }
        if let error = body["error"], !error.isNull {
            reading.error = error["message"]?.stringValue ?? error.stringValue ?? error.brief(limit: 200)
            reading.choices = []
        }
        return reading
    }

    /// `chat.completion.chunk` events: the role, the content or each tool call's arguments in pieces, the finish
    /// reason, then `[DONE]`.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        let choice = reply["choices"]?.arrayValue?.first
        func chunk(_ delta: JSONObject, finish: JSONValue = .null) -> ServerSentEvent {
            var chunk = Self.chunkHeader(of: reply)
            chunk["choices"] = .array([.object(JSONObject([("index", .number(JSONNumber(0))), ("delta", .object(delta)), ("finish_reason", finish)]))])
            return ServerSentEvent(json: chunk)
        }
        let content = choice?["message"]?["content"]
        var events = [chunk(JSONObject([("role", .string("assistant")), ("content", content?.stringValue == nil ? .null : .string(""))]))]
        for piece in ServerSentEvent.pieces(of: content?.stringValue ?? "") {
            events.append(chunk(JSONObject([("content", .string(piece))])))
        }
        for (index, call) in (choice?["message"]?["tool_calls"]?.arrayValue ?? []).enumerated() {
            let position = JSONValue.number(JSONNumber(index))
            var start = call.objectValue ?? JSONObject()
            start["index"] = position
            start["function"] = .object(JSONObject([("name", call["function"]?["name"] ?? .string("")), ("arguments", .string(""))]))
            events.append(chunk(JSONObject([("tool_calls", .array([.object(start)]))])))
            for piece in ServerSentEvent.pieces(of: call["function"]?["arguments"]?.stringValue ?? "") {
                let delta = JSONObject([("index", position), ("function", .object(JSONObject([("arguments", .string(piece))])))])
                events.append(chunk(JSONObject([("tool_calls", .array([.object(delta)]))])))
            }
        }
        events.append(chunk(JSONObject(), finish: choice?["finish_reason"] ?? .string("stop")))
        events.append(ServerSentEvent(data: "[DONE]"))
        return events
    }

    /// The reply's chunks, with one more before `[DONE]` when `request` asks for usage (`stream_options.include_usage`):
    /// no choices, and the reply's `usage`, as OpenAI ends such a stream.
    func streamEvents(of reply: JSONObject, answering request: JSONObject) -> [ServerSentEvent]? {
        guard var events = streamEvents(of: reply) else { return nil }
        guard request["stream_options"]?["include_usage"]?.boolValue == true, let usage = reply["usage"] else { return events }
        var chunk = Self.chunkHeader(of: reply)
        chunk["choices"] = .array([])
        chunk["usage"] = usage
        events.insert(ServerSentEvent(json: chunk), at: events.count - 1)
        return events
    }

    /// Every event but the usage chunk, unless `request` asks for usage: a client that did not ask never gets that
    /// chunk with no choices from OpenAI, and code reading `choices[0]` of every chunk would fail on it.
    func replays<Body: JSONNode>(_ event: ServerSentEvent, answering request: Body) -> Bool {
        guard event.data.contains(#""choices":[]"#), request["stream_options"]?["include_usage"]?.boolValue != true,
              let chunk = try? JSONParser.parse(Array(event.data.utf8)).objectValue else { return true }
        return chunk["usage"] == nil || chunk["choices"]?.arrayValue?.isEmpty != true
    }

    // The members every chunk of a stream repeats from its reply.
    private static func chunkHeader(of reply: JSONObject) -> JSONObject {
        JSONObject([
            ("id", reply["id"] ?? .string("chatcmpl-liftrec")),
            ("object", .string("chat.completion.chunk")),
            ("created", reply["created"] ?? .number(JSONNumber(0))),
            ("model", reply["model"] ?? .string("")),
        ])
    }

    /// The body with `"stream": true`, and with `countingUsage` also `"stream_options": {"include_usage": true}`: an
    /// OpenAI stream reports usage only when asked, in a last chunk with no choices.
    func streamingRequest(_ body: JSONValue, countingUsage: Bool) -> JSONValue? {
        guard var object = body.objectValue else { return nil }
        object["stream"] = .bool(true)
        if countingUsage {
            var options = object["stream_options"]?.objectValue ?? JSONObject()
            options["include_usage"] = .bool(true)
            object["stream_options"] = .object(options)
        }
        return .object(object)
    }

    /// The `chat.completion` the chunks amount to: the role, content and each tool call's arguments joined, the last
    /// finish reason and any usage; nil unless the stream ends with `[DONE]`.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        guard events.last?.data == "[DONE]" else { return nil }
        var first: JSONObject?
        var role = "assistant"
        var content: String?
        var calls: [JSONObject] = []
        var finish = JSONValue.null
        var usage: JSONValue?
        for event in events.dropLast() {
            guard let chunk = try? JSONParser.parse(Array(event.data.utf8)).objectValue else { return nil }
            if first == nil { first = chunk }
            if let found = chunk["usage"], !found.isNull { usage = found }
            guard let choice = chunk["choices"]?.arrayValue?.first else { continue }
            if let text = choice["delta"]?["role"]?.stringValue { role = text }
            if let text = choice["delta"]?["content"]?.stringValue { content = (content ?? "") + text }
            for delta in choice["delta"]?["tool_calls"]?.arrayValue ?? [] {
                let index = delta["index"]?.numberValue?.intValue ?? calls.count
                guard index >= 0, index <= calls.count else { return nil }
                if index == calls.count {
                    calls.append(JSONObject([("id", delta["id"] ?? .null), ("type", delta["type"] ?? .string("function")),
                                             ("function", .object(JSONObject([("name", delta["function"]?["name"] ?? .string("")), ("arguments", .string(""))])))]))
                }
                if let piece = delta["function"]?["arguments"]?.stringValue {
                    var function = calls[index]["function"]?.objectValue ?? JSONObject()
                    function["arguments"] = .string((function["arguments"]?.stringValue ?? "") + piece)
                    calls[index]["function"] = .object(function)
                }
            }
            if let reason = choice["finish_reason"], !reason.isNull { finish = reason }
        }
        var message = JSONObject([("role", .string(role)), ("content", content.map(JSONValue.string) ?? .null)])
        if !calls.isEmpty { message["tool_calls"] = .array(calls.map(JSONValue.object)) }
        var reply = JSONObject([
            ("id", first?["id"] ?? .string("chatcmpl-liftrec")),
            ("object", .string("chat.completion")),
            ("created", first?["created"] ?? .number(JSONNumber(0))),
            ("model", first?["model"] ?? .string("")),
            ("choices", .array([.object(JSONObject([
                ("index", .number(JSONNumber(0))),
                ("message", .object(message)),
                ("finish_reason", finish),
            ]))])),
        ])
        if let usage { reply["usage"] = usage }
        return reply
    }

    /// `{base}/v1/chat/completions`.
    func requestURL(endpoint: EndpointURL) -> EndpointURL {
        endpoint.route("/v1/chat/completions")
    }

    /// `messages` must be a non-empty array; a required or named function is called with arguments following its
    /// parameters, a schema (`response_format` or `guided_json`) or `json_object` gives JSON, and anything else text.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        let choice = body["tool_choice"]
        let tools = outputDemand(body).tools
        let forced = choice?["function"]?["name"]?.stringValue ?? (choice?.stringValue == "required" ? tools.first?.name : nil)
        var request = SimulatedRequest(chat: body, speaking: self, forcing: forced, maxTokens: body["max_tokens"] ?? body["max_completion_tokens"])
        if body["messages"]?.arrayValue?.isEmpty ?? true {
            request.missingField = "messages"
        }
        return request
    }

    /// A `chat.completion` with the answer as the message content or as a function call, or OpenAI's 400 error shape.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
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
        var message = JSONObject([("role", .string("assistant")), ("content", .string(content))])
        var finishReason = finish
        if case .toolCall(let name) = request.output {
            message["content"] = .null
            message["tool_calls"] = .array([.object(JSONObject([
                ("id", .string("call_liftrec_\(request.fingerprint.prefix(12))")), ("type", .string("function")),
                ("function", .object(JSONObject([("name", .string(name)), ("arguments", .string(content))]))),
            ]))])
            if finish == "stop" { finishReason = "tool_calls" }
        }
        let promptTokens = 16
        return (200, JSONObject([
            ("id", .string("chatcmpl-liftrec-\(request.fingerprint.prefix(12))")),
            ("object", .string("chat.completion")),
            ("created", .number(JSONNumber(0))),
            ("model", .string(SimulatedEndpoint.model)),
            ("choices", .array([.object(JSONObject([
                ("index", .number(JSONNumber(0))),
                ("message", .object(message)),
                ("finish_reason", .string(finishReason)),
            ]))])),
            ("usage", .object(JSONObject([
                ("prompt_tokens", .number(JSONNumber(promptTokens))), ("completion_tokens", .number(JSONNumber(tokens))),
                ("total_tokens", .number(JSONNumber(promptTokens + tokens))),
            ]))),
        ]))
    }

    /// `{"object": "list", "data": [{"id": model, "object": "model", "owned_by": backend}]}`.
    func healthReply(model: String, backend: String) -> JSONObject {
        let entry = JSONObject([("id", .string(model)), ("object", .string("model")), ("created", .number(JSONNumber(0))), ("owned_by", .string(backend))])
        return JSONObject([("object", .string("list")), ("data", .array([.object(entry)]))])
    }

    /// `OPENAI_BASE_URL` ending in `/v1`, and a placeholder key where none is set.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        clientVariables("OPENAI_BASE_URL", url: origin + "/v1", existing: existing)
    }

    /// `Authorization: Bearer` and the key in `authVariable`, when set.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        guard let key = variables[authVariable], !key.isEmpty else { return [] }
        return [("Authorization", "Bearer " + key)]
    }

    /// The prompt as one user message.
    static func messages(_ prompt: String) -> JSONValue {
        .array([.object(JSONObject([("role", .string("user")), ("content", .string(prompt))]))])
    }
}
