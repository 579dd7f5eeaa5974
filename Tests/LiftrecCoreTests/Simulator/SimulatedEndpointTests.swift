import Testing
@testable import LiftrecCore

@Suite struct SimulatedEndpointTests {
    private static func reply(_ body: String, settings: String = "sim") throws -> (status: Int, body: JSONObject) {
        let response = SimulatedEndpoint(settings: try SimulatorSettings(parsing: settings)).generate(Array(body.utf8))
        return (response.status, try #require(try JSONParser.parse(response.body).objectValue))
    }

    @Test func anAbsentPromptIsMissingWithTheRealEndpointsExactReply() throws {
        let reply = try Self.reply(#"{"schema": {"type": "object"}, "max_tokens": 50}"#)
        #expect(reply.status == 200)
        #expect(reply.body == JSONObject([("error", .string("Missing required field: prompt")), ("status", .number(JSONNumber(400)))]))
    }

    @Test func anEmptyPromptIsAPromptLikeAnyOtherAsOnTheRealEndpoint() throws {
        let reply = try Self.reply(#"{"prompt": "", "schema": {"type": "object"}, "max_tokens": 50}"#)
        #expect(reply.status == 200)
        #expect(reply.body["error"] == nil)
        #expect(reply.body["finish_reason"] == .string("stop"))
    }

    @Test func tooFewTokensForTheAnswerIsAJsonErrorAfterLength() throws {
        let reply = try Self.reply(#"{"prompt": "p", "schema": {"type": "object"}, "max_tokens": 10}"#, settings: "sim:truncate-under=100")
        #expect(reply.body["finish_reason"] == .string("json_error"))
        #expect(reply.body["ir_json"] == .null)
        #expect(reply.body["raw_output"]?.stringValue != nil)
    }
}
