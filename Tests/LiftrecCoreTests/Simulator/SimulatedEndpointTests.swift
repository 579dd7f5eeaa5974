import Testing
@testable import LiftrecCore

@Suite struct SimulatedEndpointTests {
    private static func reply(_ body: String, settings: String = "sim") throws -> (status: Int, body: JSONObject) {
        let response = SimulatedEndpoint(settings: try SimulatorSettings(parsing: settings)).generate(Array(body.utf8), speaking: ModalProtocol())
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

    @Test func openAIRequestsWithoutMessagesGetA400ErrorReplyThatIsKeptWithItsStatus() async throws {
        let client = EndpointClient(
            transport: SimulatedEndpoint(settings: SimulatorSettings()), generateURL: try EndpointURL(parsing: "http://127.0.0.1:9"),
            wireProtocol: OpenAIChatProtocol(), variables: [:], timeout: 5, warmupTimeout: 5
        )
        let outcome = await client.generate(.object(JSONObject([("model", .string("m")), ("messages", .array([]))])))
        guard case .errorReply(let body, let status, _) = outcome else {
            Issue.record("expected an error reply, got \(outcome.summary)")
            return
        }
        #expect(status == 400)
        #expect(body["error"]?["param"] == .string("messages"))
        #expect(body["error"]?["type"] == .string("invalid_request_error"))
    }

    @Test func openAIHealthListsTheSimulatorsModel() async throws {
        let client = EndpointClient(
            transport: SimulatedEndpoint(settings: SimulatorSettings()), generateURL: try EndpointURL(parsing: "http://127.0.0.1:9/v1"),
            wireProtocol: OpenAIChatProtocol(), variables: [:], timeout: 5, warmupTimeout: 5
        )
        guard case .reply(let body) = await client.health() else {
            Issue.record("expected a health reply")
            return
        }
        #expect(OpenAIChatProtocol().model(inHealth: body) == SimulatedEndpoint.model)
        #expect(!client.warmsUp)
    }
}
