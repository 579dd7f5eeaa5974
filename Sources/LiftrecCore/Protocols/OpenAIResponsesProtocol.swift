/// OpenAI's Responses API (`POST {base}/v1/responses`), which new OpenAI code calls instead of chat completions:
/// `input` and `instructions`, structured output through `text.format`, function tools, and a typed event stream.
struct OpenAIResponsesProtocol: HostedChatAPI {
    /// The variable holding the API key sent as a bearer token.
    var authVariable: String

    /// The protocol, authenticating with the key in `authVariable`.
    init(authVariable: String = "OPENAI_API_KEY") {
        self.authVariable = authVariable
    }

    /// `openai-responses`.
    var name: String { "openai-responses" }

    /// `…/responses`, with or without `/v1` before it; its health check is OpenAI's `/v1/models`, which chat answers.
    func route(path: String) -> Route.Purpose? {
        path.hasSuffix("/responses") ? .generate : nil
    }

    /// Other routes under `/v1/responses`, such as a stored response's.
    var unknownPathPrefixes: [String] { ["/v1/responses"] }

    /// A responses request.
    var requestShape: String { #"a responses request, a JSON object {"model", "input", ...}"# }

    /// The protocol sending the key in `variable`.
    func authenticating(with variable: String) -> (any WireProtocol)? {
        OpenAIResponsesProtocol(authVariable: variable)
    }

    /// OpenAI's error shape.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject {
        OpenAIChatProtocol().errorBody(status: status, message: message, extra: extra)
    }

    /// The same members as chat completions'.
    var ignoredMembers: Set<String> { OpenAIChatProtocol().ignoredMembers }

    /// None: every member counts under its own name.
    func fingerprintMember(_ name: String, canonical: [UInt8]) -> (name: String, canonical: [UInt8]) {
        (name, canonical)
    }

    /// `model`, `input` (the prompt, or the messages as input items), `instructions` from `system`, the sampling
    /// members named (`max_tokens` as `max_output_tokens`), `tools` and `tool_choice`, and `text.format` for `schema`.
    func request(shorthand fields: JSONObject, model: String?) -> JSONObject {
        var body = JSONObject()
        if let model { body["model"] = .string(model) }
        body["input"] = fields["messages"] ?? fields["prompt"] ?? .string("")
        if let system = fields["system"] { body["instructions"] = system }
        if let value = fields["max_tokens"] { body["max_output_tokens"] = value }
        for name in ["temperature", "top_p", "seed", "stop", "tools", "tool_choice"] {
            if let value = fields[name] { body[name] = value }
        }
        if let schema = fields["schema"] {
            body["text"] = .object(JSONObject([("format", .object(JSONObject([
                ("type", .string("json_schema")), ("name", .string("output")), ("schema", schema), ("strict", .bool(true)),
            ])))]))
        }
        return body
    }

    /// The schema of `text.format` (`json_schema`), JSON for `json_object`, and the declared function tools.
    func outputDemand(_ body: JSONObject) -> OutputDemand {
        var demand = OutputDemand()
        let format = body["text"]?["format"]
        if format?["type"]?.stringValue == "json_schema" {
            demand.schema = format?["schema"] ?? .bool(true)
            demand.json = true
        } else if format?["type"]?.stringValue == "json_object" {
            demand.json = true
        }
        for tool in body["tools"]?.arrayValue ?? [] where tool["type"]?.stringValue == "function" {
            guard let name = tool["name"]?.stringValue else { continue }
            demand.tools.append((name, tool["parameters"] ?? .bool(true)))
        }
        return demand
    }

    /// The message items' `output_text` joined and each `function_call` item as a call; `status` `incomplete` for
    /// `max_output_tokens` is the finish reason that truncation reads; an `error` object makes an error reply.
    func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        let items = body["output"]?.arrayValue ?? []
        var texts: [String] = []
        var calls: [ReplyChoice.ToolCall] = []
        for item in items {
            switch item["type"]?.stringValue {
            case "message":
                for part in item["content"]?.arrayValue ?? [] where part["type"]?.stringValue == "output_text" {
                    if let text = part["text"]?.stringValue { texts.append(text) }
                }
            case "function_call":
                if let name = item["name"]?.stringValue {
                    calls.append(ReplyChoice.ToolCall(name: name, argumentsText: item["arguments"]?.stringValue ?? ""))
                }
            default:
                break
            }
        }
        if body["output"] != nil {
            reading.choices = [ReplyChoice(text: texts.isEmpty ? nil : texts.joined(), toolCalls: calls)]
        }
        if let text = texts.first { reading.output = try? JSONParser.parse(Array(text.utf8)) }
        let status = body["status"]?.stringValue
        reading.finishReason = status == "incomplete" ? body["incomplete_details"]?["reason"]?.stringValue ?? "incomplete" : status
        reading.tokensUsed = body["usage"]?["output_tokens"]?.numberValue
        if let error = body["error"], !error.isNull {
            reading.error = error["message"]?.stringValue ?? error.stringValue ?? error.brief(limit: 200)
            reading.choices = []
        }
        return reading
    }

    /// `max_output_tokens`, the reason an `incomplete` response gives when it ran out of tokens.
    func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "max_output_tokens"
    }

    /// The typed events the API streams: `response.created`, `response.in_progress`, each output item added, its
    /// text or arguments in deltas and done, then `response.completed` (or `response.incomplete`) with the response.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        var events: [ServerSentEvent] = []
        func emit(_ type: String, _ members: [(String, JSONValue)]) {
            let data = JSONObject([("type", .string(type)), ("sequence_number", .number(JSONNumber(events.count)))] + members)
            events.append(ServerSentEvent(name: type, json: data))
        }
        var opening = reply
        opening["status"] = .string("in_progress")
        opening["output"] = .array([])
        emit("response.created", [("response", .object(opening))])
        emit("response.in_progress", [("response", .object(opening))])
        for (index, item) in (reply["output"]?.arrayValue ?? []).enumerated() {
            let position = JSONValue.number(JSONNumber(index))
            let id = item["id"] ?? .string("item_\(index)")
            var started = item.objectValue ?? JSONObject()
            started["status"] = .string("in_progress")
            if item["type"]?.stringValue == "function_call" {
                started["arguments"] = .string("")
                emit("response.output_item.added", [("output_index", position), ("item", .object(started))])
                let arguments = item["arguments"]?.stringValue ?? ""
                for piece in ServerSentEvent.pieces(of: arguments) {
                    emit("response.function_call_arguments.delta", [("item_id", id), ("output_index", position), ("delta", .string(piece))])
                }
                emit("response.function_call_arguments.done", [("item_id", id), ("output_index", position), ("arguments", .string(arguments))])
            } else {
                started["content"] = .array([])
                emit("response.output_item.added", [("output_index", position), ("item", .object(started))])
                for (partIndex, part) in (item["content"]?.arrayValue ?? []).enumerated() {
                    let partPosition = JSONValue.number(JSONNumber(partIndex))
                    let text = part["text"]?.stringValue ?? ""
                    var empty = part.objectValue ?? JSONObject()
                    empty["text"] = .string("")
                    let located: [(String, JSONValue)] = [("item_id", id), ("output_index", position), ("content_index", partPosition)]
                    emit("response.content_part.added", located + [("part", .object(empty))])
                    for piece in ServerSentEvent.pieces(of: text) {
                        emit("response.output_text.delta", located + [("delta", .string(piece)), ("logprobs", .array([]))])
                    }
                    emit("response.output_text.done", located + [("text", .string(text)), ("logprobs", .array([]))])
                    emit("response.content_part.done", located + [("part", part)])
                }
            }
            emit("response.output_item.done", [("output_index", position), ("item", item)])
        }
        let ending = reply["status"]?.stringValue == "incomplete" ? "response.incomplete" : "response.completed"
        emit(ending, [("response", .object(reply))])
        return events
    }

    /// The response the final `response.completed`, `response.incomplete` or `response.failed` event carries; nil
    /// when the stream ends before one.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        guard let last = events.last, let data = try? JSONParser.parse(Array(last.data.utf8)).objectValue,
              let type = data["type"]?.stringValue, ["response.completed", "response.incomplete", "response.failed"].contains(type) else { return nil }
        return data["response"]?.objectValue
    }

    /// `{base}/v1/responses`.
    func requestURL(endpoint: EndpointURL) -> EndpointURL {
        endpoint.route("/v1/responses")
    }

    /// `input` must be present; a required or named function is called with arguments following its parameters,
    /// `text.format` gives JSON, and anything else text.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        let choice = body["tool_choice"]
        let forced = choice?["name"]?.stringValue ?? (choice?.stringValue == "required" ? outputDemand(body).tools.first?.name : nil)
        var request = SimulatedRequest(chat: body, speaking: self, forcing: forced, maxTokens: body["max_output_tokens"])
        if body["input"] == nil || body["input"] == .null {
            request.missingField = "input"
        }
        return request
    }

    /// A `response` whose output is a message or a function call, `incomplete` at the token limit, or OpenAI's 400.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
        let id = request.fingerprint.prefix(12)
        let text: String
        let tokens: Int
        var truncated = false
        switch outcome {
        case .invalid(let field, let message):
            let error = JSONObject([
                ("message", .string(field.map { "Missing required parameter: '\($0)'." } ?? message)),
                ("type", .string("invalid_request_error")), ("param", field.map(JSONValue.string) ?? .null), ("code", .string("missing_required_parameter")),
            ])
            return (400, JSONObject([("error", .object(error))]))
        case .answer(_, let answer, let count):
            (text, tokens) = (answer, count)
        case .truncated(_, let answer, let count), .cutOff(let answer, let count):
            (text, tokens, truncated) = (answer, count, true)
        }
        let item: JSONObject
        if case .toolCall(let name) = request.output {
            item = JSONObject([
                ("id", .string("fc_liftrec_\(id)")), ("type", .string("function_call")), ("status", .string("completed")),
                ("arguments", .string(text)), ("call_id", .string("call_liftrec_\(id)")), ("name", .string(name)),
            ])
        } else {
            let part = JSONObject([("type", .string("output_text")), ("annotations", .array([])), ("text", .string(text))])
            item = JSONObject([
                ("id", .string("msg_liftrec_\(id)")), ("type", .string("message")), ("status", .string(truncated ? "incomplete" : "completed")),
                ("role", .string("assistant")), ("content", .array([.object(part)])),
            ])
        }
        return (200, JSONObject([
            ("id", .string("resp_liftrec_\(id)")),
            ("object", .string("response")),
            ("created_at", .number(JSONNumber(0))),
            ("status", .string(truncated ? "incomplete" : "completed")),
            ("error", .null),
            ("incomplete_details", truncated ? .object(JSONObject([("reason", .string("max_output_tokens"))])) : .null),
            ("model", .string(SimulatedEndpoint.model)),
            ("output", .array([.object(item)])),
            ("usage", .object(JSONObject([
                ("input_tokens", .number(JSONNumber(16))), ("output_tokens", .number(JSONNumber(tokens))),
                ("total_tokens", .number(JSONNumber(16 + tokens))),
            ]))),
        ]))
    }

    /// OpenAI's model list, as chat completions answers `/v1/models` for both.
    func healthReply(model: String, backend: String) -> JSONObject {
        OpenAIChatProtocol().healthReply(model: model, backend: backend)
    }

    /// None beyond chat completions': `OPENAI_BASE_URL` already points the official client's Responses API here.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        [:]
    }

    /// OpenAI's bearer key from `authVariable`, as chat completions sends it.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        OpenAIChatProtocol(authVariable: authVariable).authHeaders(variables)
    }
}
