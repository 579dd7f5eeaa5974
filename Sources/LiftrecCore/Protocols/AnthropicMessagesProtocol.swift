/// Anthropic Messages: structured output through a forced tool whose `input` is the fixture's response.
struct AnthropicMessagesProtocol: HostedChatAPI {
    /// The variable holding the API key sent as `x-api-key`.
    var authVariable: String

    /// The name of the tool liftrec forces, whose input schema is the case's schema.
    static let toolName = "output"

    /// The protocol, authenticating with the key in `authVariable`.
    init(authVariable: String = "ANTHROPIC_API_KEY") {
        self.authVariable = authVariable
    }

    /// `anthropic-messages`.
    var name: String { "anthropic-messages" }

    /// `…/v1/messages`, and `/v1/models`, which lists models in the same `data[].id` shape as OpenAI's (so OpenAI,
    /// first in the list, answers it for both).
    func route(path: String) -> Route.Purpose? {
        if path.hasSuffix("/v1/messages") { return .generate }
        if path.hasSuffix("/v1/models") { return .health }
        return nil
    }

    /// Other routes under `/v1/messages`, such as `/v1/messages/count_tokens`.
    var unknownPathPrefixes: [String] { ["/v1/messages"] }

    /// `max_tokens`.
    func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "max_tokens"
    }

    /// A messages request.
    var requestShape: String { #"a messages request, a JSON object {"model", "max_tokens", "messages", ...}"# }

    /// The protocol sending the key in `variable`.
    func authenticating(with variable: String) -> (any WireProtocol)? {
        AnthropicMessagesProtocol(authVariable: variable)
    }

    /// `{"type": "error", "error": {"type", "message"}}`: `not_found_error` for a miss.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject {
        let type = switch status {
        case 400: "invalid_request_error"
        case 401: "authentication_error"
        case 404: "not_found_error"
        case 503: "overloaded_error"
        default: "api_error"
        }
        var body = JSONObject([("type", .string("error")), ("error", .object(JSONObject([("type", .string(type)), ("message", .string(message))])))])
        for (name, value) in extra.members { body[name] = value }
        return body
    }

    /// `stream`, `metadata` and `service_tier`.
    var ignoredMembers: Set<String> { ["stream", "metadata", "service_tier"] }

    /// None: every other member counts under its own name.
    func fingerprintMember(_ name: String, canonical: [UInt8]) -> (name: String, canonical: [UInt8]) {
        (name, canonical)
    }

    /// `model`, `max_tokens` when named, `messages` (or the prompt as one user message), `system`, the sampling members
    /// named (`stop` as `stop_sequences`), `tools` and `tool_choice`; `schema` adds a forced tool whose input is the output.
    func request(shorthand fields: JSONObject, model: String?) -> JSONObject {
        var body = JSONObject()
        if let model { body["model"] = .string(model) }
        if let value = fields["max_tokens"] { body["max_tokens"] = value }
        body["messages"] = fields["messages"] ?? OpenAIChatProtocol.messages(fields["prompt"]?.stringValue ?? "")
        if let system = fields["system"] { body["system"] = system }
        for name in ["temperature", "top_p", "seed"] {
            if let value = fields[name] { body[name] = value }
        }
        if let stop = fields["stop"] { body["stop_sequences"] = stop.stringValue.map { .array([.string($0)]) } ?? stop }
        var tools = fields["tools"]?.arrayValue
        if let schema = fields["schema"] {
            tools = (tools ?? []) + [.object(JSONObject([
                ("name", .string(Self.toolName)), ("description", .string("Give the answer as this tool's input.")), ("input_schema", schema),
            ]))]
            body["tool_choice"] = .object(JSONObject([("type", .string("tool")), ("name", .string(Self.toolName))]))
        }
        if let tools { body["tools"] = .array(tools) }
        if let choice = fields["tool_choice"] { body["tool_choice"] = choice }
        return body
    }

    /// The schema of `output_config.format` (`json_schema`), the declared tools' input schemas, and a forced tool
    /// (`tool_choice` of type `tool`), whose input is then the structured output.
    func outputDemand(_ body: JSONObject) -> OutputDemand {
        var demand = OutputDemand()
        let format = body["output_config"]?["format"]
        if format?["type"]?.stringValue == "json_schema" {
            demand.schema = format?["schema"] ?? .bool(true)
            demand.json = true
        }
        for tool in body["tools"]?.arrayValue ?? [] {
            guard let name = tool["name"]?.stringValue else { continue }
            demand.tools.append((name, tool["input_schema"] ?? .bool(true)))
        }
        if let forced = Self.forcedTool(in: JSONValue.object(body)), let name = forced["name"]?.stringValue {
            demand.outputTool = name
            demand.schema = forced["input_schema"] ?? .bool(true)
            demand.json = true
        }
        return demand
    }

    /// The text blocks joined and each `tool_use` block as a call; the first `tool_use` block's `input` is the output,
    /// else the first text block parsed as JSON; `error` makes an error reply.
    func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        let blocks = body["content"]?.arrayValue ?? []
        if let tool = blocks.first(where: { $0["type"] == .string("tool_use") }) {
            reading.output = tool["input"]
        } else if let text = blocks.first(where: { $0["type"] == .string("text") })?["text"]?.stringValue {
            reading.output = try? JSONParser.parse(Array(text.utf8))
        }
        let texts = blocks.filter { $0["type"] == .string("text") }.compactMap { $0["text"]?.stringValue }
        let calls = blocks.filter { $0["type"] == .string("tool_use") }.compactMap { block -> ReplyChoice.ToolCall? in
            guard let name = block["name"]?.stringValue else { return nil }
            return ReplyChoice.ToolCall(name: name, arguments: block["input"] ?? .object(JSONObject()))
        }
        if body["content"] != nil {
            reading.choices = [ReplyChoice(text: texts.isEmpty ? nil : texts.joined(), toolCalls: calls)]
        }
        reading.finishReason = body["stop_reason"]?.stringValue
        reading.tokensUsed = body["usage"]?["output_tokens"]?.numberValue
        if body["type"] == .string("error") || body["error"].map({ !$0.isNull }) ?? false {
            reading.error = body["error"]?["message"]?.stringValue ?? body["error"]?.brief(limit: 200) ?? "error"
            reading.choices = []
        }
        return reading
    }

    /// `message_start`, each content block as start, deltas (text, or the tool input's JSON in pieces) and stop,
    /// then `message_delta` with the stop reason and usage, and `message_stop`.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        var message = reply
        message["content"] = .array([])
        message["stop_reason"] = .null
        message["stop_sequence"] = .null
        var events = [ServerSentEvent(name: "message_start", json: JSONObject([("type", .string("message_start")), ("message", .object(message))]))]
        for (index, block) in (reply["content"]?.arrayValue ?? []).enumerated() {
            let position = JSONValue.number(JSONNumber(index))
            var start = block.objectValue ?? JSONObject()
            let deltas: [JSONObject]
            if block["type"] == .string("tool_use") {
                start["input"] = .object(JSONObject())
                let json = String(decoding: JSONWriter.compact(block["input"] ?? .object(JSONObject())), as: UTF8.self)
                deltas = ServerSentEvent.pieces(of: json).map { JSONObject([("type", .string("input_json_delta")), ("partial_json", .string($0))]) }
            } else {
                start["text"] = .string("")
                deltas = ServerSentEvent.pieces(of: block["text"]?.stringValue ?? "").map { JSONObject([("type", .string("text_delta")), ("text", .string($0))]) }
            }
            events.append(ServerSentEvent(name: "content_block_start", json: JSONObject([
                ("type", .string("content_block_start")), ("index", position), ("content_block", .object(start)),
            ])))
            for delta in deltas {
                events.append(ServerSentEvent(name: "content_block_delta", json: JSONObject([
                    ("type", .string("content_block_delta")), ("index", position), ("delta", .object(delta)),
                ])))
            }
            events.append(ServerSentEvent(name: "content_block_stop", json: JSONObject([("type", .string("content_block_stop")), ("index", position)])))
        }
        events.append(ServerSentEvent(name: "message_delta", json: JSONObject([
            ("type", .string("message_delta")),
            ("delta", .object(JSONObject([("stop_reason", reply["stop_reason"] ?? .null), ("stop_sequence", reply["stop_sequence"] ?? .null)]))),
            ("usage", .object(JSONObject([("output_tokens", reply["usage"]?["output_tokens"] ?? .number(JSONNumber(0)))]))),
        ])))
        events.append(ServerSentEvent(name: "message_stop", json: JSONObject([("type", .string("message_stop"))])))
        return events
    }

    /// The message the events amount to: `message_start`'s message with each block's deltas joined (a tool's input
    /// parsed from its JSON pieces) and `message_delta`'s stop reason and usage; nil unless it ends with `message_stop`.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        guard events.last?.name == "message_stop" else { return nil }
        var message: JSONObject?
        var blocks: [JSONObject] = []
        var pieces: [String] = []
        for event in events {
            guard let data = try? JSONParser.parse(Array(event.data.utf8)).objectValue else { return nil }
            let index = data["index"]?.numberValue?.intValue ?? -1
            switch event.name {
            case "message_start":
                message = data["message"]?.objectValue
            case "content_block_start":
                guard index == blocks.count, let block = data["content_block"]?.objectValue else { return nil }
                blocks.append(block)
                pieces.append("")
            case "content_block_delta":
                guard blocks.indices.contains(index) else { return nil }
                if let text = data["delta"]?["text"]?.stringValue {
                    blocks[index]["text"] = .string((blocks[index]["text"]?.stringValue ?? "") + text)
                } else if let json = data["delta"]?["partial_json"]?.stringValue {
                    pieces[index] += json
                }
            case "message_delta":
                for (name, value) in (data["delta"]?.objectValue ?? JSONObject()).members { message?[name] = value }
                if let usage = data["usage"]?.objectValue {
                    var merged = message?["usage"]?.objectValue ?? JSONObject()
                    for (name, value) in usage.members { merged[name] = value }
                    message?["usage"] = .object(merged)
                }
            default:
                break
            }
        }
        guard var reply = message else { return nil }
        for index in blocks.indices where blocks[index]["type"] == .string("tool_use") {
            guard let input = pieces[index].isEmpty ? .object(JSONObject()) : try? JSONParser.parse(Array(pieces[index].utf8)) else { return nil }
            blocks[index]["input"] = input
        }
        reply["content"] = .array(blocks.map(JSONValue.object))
        return reply
    }

    /// `{base}/v1/messages`.
    func requestURL(endpoint: EndpointURL) -> EndpointURL {
        endpoint.route("/v1/messages")
    }

    /// `messages` and `max_tokens` are required; a forced tool (or any tool, for `tool_choice` `any`) is called with
    /// input following its schema, `output_config.format` gives JSON text, and anything else text.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        let demand = outputDemand(body)
        let forced = demand.outputTool ?? (body["tool_choice"]?["type"]?.stringValue == "any" ? demand.tools.first?.name : nil)
        var request = SimulatedRequest(chat: body, speaking: self, forcing: forced, maxTokens: body["max_tokens"])
        if body["messages"]?.arrayValue?.isEmpty ?? true {
            request.missingField = "messages"
        } else if body["max_tokens"]?.numberValue == nil {
            request.missingField = "max_tokens"
        }
        return request
    }

    /// A `message` whose content is the forced tool's `tool_use` block, or Anthropic's 400 error shape.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
        let id = request.fingerprint.prefix(12)
        let block: JSONObject
        let tokens: Int
        let stop: String
        switch outcome {
        case .invalid(let field, let message):
            let error = JSONObject([
                ("type", .string("invalid_request_error")), ("message", .string(field.map { "\($0): Field required" } ?? message)),
            ])
            return (400, JSONObject([("type", .string("error")), ("error", .object(error))]))
        case .answer(let answer, let text, let count), .truncated(let answer, let text, let count):
            if case .toolCall(let name) = request.output {
                block = JSONObject([("type", .string("tool_use")), ("id", .string("toolu_liftrec_\(id)")), ("name", .string(name)), ("input", answer)])
            } else {
                block = JSONObject([("type", .string("text")), ("text", .string(text))])
            }
            tokens = count
            if case .truncated = outcome { stop = "max_tokens" } else if case .toolCall = request.output { stop = "tool_use" } else { stop = "end_turn" }
        case .cutOff(let text, let count):
            block = JSONObject([("type", .string("text")), ("text", .string(text))])
            (tokens, stop) = (count, "max_tokens")
        }
        return (200, JSONObject([
            ("id", .string("msg_liftrec_\(id)")),
            ("type", .string("message")),
            ("role", .string("assistant")),
            ("model", .string(SimulatedEndpoint.model)),
            ("content", .array([.object(block)])),
            ("stop_reason", .string(stop)),
            ("stop_sequence", .null),
            ("usage", .object(JSONObject([("input_tokens", .number(JSONNumber(16))), ("output_tokens", .number(JSONNumber(tokens)))]))),
        ]))
    }

    /// The same list as OpenAI's: the replay server and the simulator answer `/v1/models` once for both.
    func healthReply(model: String, backend: String) -> JSONObject {
        OpenAIChatProtocol().healthReply(model: model, backend: backend)
    }

    /// `ANTHROPIC_BASE_URL` (the origin: the client adds `/v1`), and a placeholder key where none is set.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        clientVariables("ANTHROPIC_BASE_URL", url: origin, existing: existing)
    }

    /// The `anthropic-version` liftrec sends when it records: the one the current official client sends.
    static let apiVersion = "2026-10-21"

    /// `x-api-key` with the key in `authVariable` when set, and the current `anthropic-version`.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("anthropic-version", Self.apiVersion)]
        if let key = variables[authVariable], !key.isEmpty { headers.append(("x-api-key", key)) }
        return headers
    }

    // The tool `tool_choice` forces, from `tools`.
    private static func forcedTool<Body: JSONNode>(in body: Body) -> Body? {
        guard body["tool_choice"]?["type"]?.stringValue == "tool", let name = body["tool_choice"]?["name"]?.value else { return nil }
        return body["tools"]?.items.first { $0["name"]?.value == name }
    }
}
