import Testing
@testable import LiftrecCore

@Suite struct OpenAIChatProtocolTests {
    private let chat = OpenAIChatProtocol()
    private static let schema = #"{"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}"#

    private static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    private static func request(_ extra: String) throws -> JSONObject {
        try object(#"{"model": "m", "messages": [{"role": "user", "content": "Write add"}], "max_tokens": 64, "temperature": 0, "top_p": 0.95\#(extra)}"#)
    }

    @Test func theShorthandBuildsOnlyTheMembersItNamesAndASchemaAsksForStrictJSONSchemaOutput() throws {
        let schema = try JSONParser.parse(Array(Self.schema.utf8))
        let body = chat.request(shorthand: JSONObject([("prompt", .string("Write add")), ("schema", schema)]), model: "m")
        #expect(body["response_format"]?["type"] == .string("json_schema"))
        #expect(body["response_format"]?["json_schema"]?["strict"] == .bool(true))
        #expect(body["messages"] == OpenAIChatProtocol.messages("Write add"))
        #expect(body.keys.sorted() == ["messages", "model", "response_format"])
        let text = chat.request(shorthand: JSONObject([("prompt", .string("Hi")), ("system", .string("Be terse.")), ("seed", .number(JSONNumber(7)))]), model: nil)
        #expect(text.keys.sorted() == ["messages", "seed"])
        #expect(text["messages"]?.arrayValue?.first?["role"] == .string("system"))
    }

    @Test func vllmGuidedJsonIsTheSameRequestAsResponseFormatWithThatSchemaAndANameCountsWhenGiven() throws {
        let viaResponseFormat = try Self.request(#", "response_format": {"type": "json_schema", "json_schema": {"schema": \#(Self.schema)}}"#)
        let viaGuidedJson = try Self.request(#", "guided_json": \#(Self.schema)"#)
        #expect(try chat.fingerprint(incoming: viaResponseFormat) == chat.fingerprint(incoming: viaGuidedJson))
        let named = try Self.request(#", "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": \#(Self.schema), "strict": true}}"#)
        #expect(try chat.fingerprint(incoming: named).changedParts(since: chat.fingerprint(incoming: viaGuidedJson).parts) == ["response_format"])
    }

    @Test func maxCompletionTokensIsMaxTokensButBothSpellingsTogetherAreAnotherRequest() throws {
        let short = try Self.object(#"{"model": "m", "messages": [], "max_completion_tokens": 64}"#)
        let long = try Self.object(#"{"model": "m", "messages": [], "max_tokens": 64}"#)
        #expect(try chat.fingerprint(incoming: short) == chat.fingerprint(incoming: long))
        let both = try Self.object(#"{"model": "m", "messages": [], "max_tokens": 64, "max_completion_tokens": 32}"#)
        #expect(try chat.fingerprint(incoming: both).changedParts(since: chat.fingerprint(incoming: long).parts) == ["max_completion_tokens"])
    }

    @Test func theIgnoredMembersDoNotChangeTheFingerprintButToolsSeedNAndAbsentSamplingDo() throws {
        let plain = try chat.fingerprint(incoming: Self.request(#", "guided_json": \#(Self.schema)"#))
        let streamed = try chat.fingerprint(incoming: Self.request(#", "guided_json": \#(Self.schema), "stream": true, "stream_options": {"include_usage": true}, "user": "u", "metadata": {"a": "b"}, "store": false, "service_tier": "auto", "safety_identifier": "s", "prompt_cache_key": "k", "prompt_cache_retention": "24h""#))
        #expect(plain == streamed)
        let other = try chat.fingerprint(incoming: Self.request(#", "guided_json": {"type": "object"}"#))
        #expect(other.request != plain.request)
        #expect(other.changedParts(since: plain.parts) == ["response_format"])
        for (extra, member) in [(#", "seed": 1"#, "seed"), (#", "n": 1"#, "n"), (#", "tools": []"#, "tools"), (#", "stop": "x""#, "stop"), (#", "tool_choice": "none""#, "tool_choice")] {
            let changed = try chat.fingerprint(incoming: Self.request(#", "guided_json": \#(Self.schema)"# + extra))
            #expect(changed.changedParts(since: plain.parts) == [member])
        }
        let noTemperature = try chat.fingerprint(incoming: Self.object(#"{"model": "m", "messages": [{"role": "user", "content": "Write add"}], "max_tokens": 64, "top_p": 0.95, "guided_json": \#(Self.schema)}"#))
        #expect(noTemperature.changedParts(since: plain.parts) == ["temperature"])
    }

    @Test func theOutputIsTheMessageContentParsedAndLengthIsTruncation() throws {
        let reply = try Self.object(#"{"choices": [{"index": 0, "message": {"role": "assistant", "content": "{\"name\": \"add\"}"}, "finish_reason": "length"}], "usage": {"completion_tokens": 7}}"#)
        let reading = chat.read(reply)
        #expect(reading.output == .object(JSONObject([("name", .string("add"))])))
        #expect(reading.tokensUsed == JSONNumber(7))
        #expect(reading.finishReason.map(OpenAIChatProtocol().isTruncation) == true)
        #expect(!reading.isError)
    }

    @Test func aRefusedRequestIsAnErrorReplyButAuthAndRateLimitsAreNot() throws {
        let reading = chat.read(try Self.object(#"{"error": {"message": "'messages' is a required property", "type": "invalid_request_error"}}"#))
        #expect(reading.error == "'messages' is a required property")
        #expect(chat.isErrorReply(status: 400))
        #expect(!chat.isErrorReply(status: 401))
        #expect(!chat.isErrorReply(status: 429))
        #expect(!chat.isErrorReply(status: 500))
    }

    @Test func routesSitUnderV1WhetherOrNotTheBaseURLEndsInIt() throws {
        for base in ["http://127.0.0.1:8000", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/"] {
            let url = try EndpointURL(parsing: base)
            #expect(chat.requestURL(endpoint: url).path == "/v1/chat/completions")
            #expect(try chat.healthURL(endpoint: url).path == "/v1/models")
        }
        #expect(chat.authHeaders(["OPENAI_API_KEY": "sk-test"]).map(\.value) == ["Bearer sk-test"])
        #expect(chat.authHeaders([:]).isEmpty)
    }
}
