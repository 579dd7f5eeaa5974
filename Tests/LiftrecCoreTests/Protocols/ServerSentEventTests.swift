import Testing
@testable import LiftrecCore

@Suite struct ServerSentEventTests {
    private static func data(_ event: ServerSentEvent) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(event.data.utf8)).objectValue)
    }

    @Test func piecesJoinBackToTheTextWithoutSplittingACharacter() {
        let text = #"{"name":"résumé_👩‍💻","parameters":["a","b"],"returns":"int"}"#
        let pieces = ServerSentEvent.pieces(of: text, size: 5)
        #expect(pieces.joined() == text)
        #expect(pieces.allSatisfy { $0.count <= 5 })
    }

    @Test func eventsAreFramedWithNameDataAndABlankLine() {
        #expect(ServerSentEvent(name: "message_stop", data: "{}").bytes == Array("event: message_stop\ndata: {}\n\n".utf8))
        #expect(ServerSentEvent(data: "[DONE]").bytes == Array("data: [DONE]\n\n".utf8))
    }

    @Test func openAIChunksCarryTheContentExactlyAndEndWithDone() throws {
        let content = #"{"name":"add","parameters":["a","b"],"returns":"int"}"#
        let reply = JSONObject([
            ("id", .string("chatcmpl-1")), ("model", .string("m")),
            ("choices", .array([.object(JSONObject([("message", .object(JSONObject([("content", .string(content))]))), ("finish_reason", .string("stop"))]))])),
        ])
        let events = try #require(OpenAIChatProtocol().streamEvents(of: reply))
        #expect(events.last == ServerSentEvent(data: "[DONE]"))
        var joined = ""
        var finish: JSONValue?
        for event in events.dropLast() {
            let choice = try #require(try Self.data(event)["choices"]?.arrayValue?.first)
            joined += choice["delta"]?["content"]?.stringValue ?? ""
            if let reason = choice["finish_reason"], !reason.isNull { finish = reason }
        }
        #expect(joined == content)
        #expect(finish == .string("stop"))
    }

    @Test func anthropicToolInputStreamsAsPartialJsonThatParsesToTheInput() throws {
        let input = JSONValue.object(JSONObject([("name", .string("add")), ("parameters", .array([.string("a")]))]))
        let reply = JSONObject([
            ("id", .string("msg_1")), ("type", .string("message")), ("role", .string("assistant")), ("model", .string("m")),
            ("content", .array([.object(JSONObject([("type", .string("tool_use")), ("id", .string("t")), ("name", .string("output")), ("input", input)]))])),
            ("stop_reason", .string("tool_use")), ("usage", .object(JSONObject([("output_tokens", .number(JSONNumber(9)))]))),
        ])
        let events = try #require(AnthropicMessagesProtocol().streamEvents(of: reply))
        #expect(events.map(\.name) == ["message_start", "content_block_start"] + Array(repeating: "content_block_delta", count: events.count - 5)
            + ["content_block_stop", "message_delta", "message_stop"])
        let partial = try events.filter { $0.name == "content_block_delta" }.map { try Self.data($0)["delta"]?["partial_json"]?.stringValue ?? "" }.joined()
        #expect(try JSONParser.parse(Array(partial.utf8)) == input)
        #expect(try Self.data(events[events.count - 2])["delta"]?["stop_reason"] == .string("tool_use"))
    }
}
