import Testing
@testable import LiftrecCore

@Suite struct AnthropicMessagesProtocolTests {
    private let messages = AnthropicMessagesProtocol()

    private static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    private static func request(_ extra: String, schema: String = #"{"type": "object"}"#) throws -> JSONObject {
        try object(#"""
            {"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": "Write add"}], "temperature": 0, "top_p": 0.95,
             "tools": [{"name": "output", "description": "d", "input_schema": \#(schema)}], "tool_choice": {"type": "tool", "name": "output"}\#(extra)}
            """#)
    }

    @Test func streamingMetadataAndServiceTierDoNotChangeTheFingerprintButEveryOtherMemberDoes() throws {
        let plain = try messages.fingerprint(incoming: Self.request(""))
        #expect(try messages.fingerprint(incoming: Self.request(#", "stream": true, "metadata": {"user_id": "u"}, "service_tier": "auto""#)) == plain)
        let other = try messages.fingerprint(incoming: Self.request("", schema: #"{"type": "array"}"#))
        #expect(other.changedParts(since: plain.parts) == ["tools"])
        let noTemperature = try messages.fingerprint(incoming: Self.object(#"{"model": "m", "max_tokens": 64, "messages": [{"role": "user", "content": "Write add"}]}"#))
        #expect(Set(noTemperature.changedParts(since: plain.parts)) == ["temperature", "tool_choice", "tools", "top_p"])
        let system = try messages.fingerprint(incoming: Self.request(#", "system": "Be terse.""#))
        #expect(system.request != plain.request)
    }

    @Test func theForcedToolsInputIsTheStructuredOutputCheckedAgainstItsSchema() throws {
        let demand = messages.outputDemand(try Self.request("", schema: #"{"type": "object", "required": ["name"]}"#))
        #expect(demand.outputTool == "output")
        var contract = OutputContract()
        contract.schema = try CompiledSchema(try #require(demand.schema))
        contract.json = demand.json
        contract.outputTool = demand.outputTool
        for tool in demand.tools { contract.tools[tool.name] = try CompiledSchema(tool.schema) }
        let good = messages.read(try Self.object(#"{"type": "message", "content": [{"type": "tool_use", "id": "t", "name": "output", "input": {"name": "add"}}], "stop_reason": "tool_use"}"#))
        #expect(contract.read(good).response == .object(JSONObject([("name", .string("add"))])))
        #expect(contract.read(good).violations.isEmpty && contract.read(good).kind == .structured)
        let bad = messages.read(try Self.object(#"{"type": "message", "content": [{"type": "tool_use", "id": "t", "name": "output", "input": {}}], "stop_reason": "tool_use"}"#))
        #expect(contract.read(bad).violations.count == 1)
    }

    @Test func outputConfigFormatAsksForJSONText() throws {
        let demand = messages.outputDemand(try Self.object(#"{"model": "m", "max_tokens": 9, "messages": [], "output_config": {"format": {"type": "json_schema", "schema": {"type": "object"}}}}"#))
        #expect(demand.json && demand.schema == .object(JSONObject([("type", .string("object"))])) && demand.outputTool == nil)
    }

    @Test func theToolUseInputIsTheOutputAndMaxTokensIsTruncation() throws {
        let reply = try Self.object(#"""
            {"type": "message", "content": [{"type": "text", "text": "Here"}, {"type": "tool_use", "id": "t", "name": "output", "input": {"name": "add"}}],
             "stop_reason": "max_tokens", "usage": {"input_tokens": 3, "output_tokens": 9}}
            """#)
        let reading = messages.read(reply)
        #expect(reading.output == .object(JSONObject([("name", .string("add"))])))
        #expect(reading.tokensUsed == JSONNumber(9))
        #expect(reading.finishReason.map(AnthropicMessagesProtocol().isTruncation) == true)
        #expect(!reading.isError)
    }

    @Test func anErrorBodyIsAnErrorReply() throws {
        let reading = messages.read(try Self.object(#"{"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"}}"#))
        #expect(reading.error == "max_tokens: Field required")
        #expect(messages.isErrorReply(status: 400))
        #expect(!messages.isErrorReply(status: 429))
    }

    @Test func requestsGoToV1MessagesWithTheVersionHeaderAndTheKeyOnlyWhenSet() throws {
        let url = try EndpointURL(parsing: "http://127.0.0.1:8000")
        #expect(messages.requestURL(endpoint: url).path == "/v1/messages")
        #expect(messages.authHeaders([:]).map(\.name) == ["anthropic-version"])
        #expect(messages.authHeaders([:]).first?.value == "2026-10-21")
        #expect(messages.authHeaders(["ANTHROPIC_API_KEY": "k"]).map(\.name) == ["anthropic-version", "x-api-key"])
        #expect(messages.clientVariables(origin: "http://127.0.0.1:1", existing: ["ANTHROPIC_API_KEY": "k"]) == ["ANTHROPIC_BASE_URL": "http://127.0.0.1:1"])
    }
}
