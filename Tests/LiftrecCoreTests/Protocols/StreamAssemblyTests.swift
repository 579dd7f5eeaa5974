import Testing
@testable import LiftrecCore

@Suite struct StreamAssemblyTests {
    private static let openAIReply = JSONObject([
        ("id", .string("chatcmpl-1")), ("object", .string("chat.completion")), ("created", .number(JSONNumber(7))), ("model", .string("m")),
        ("choices", .array([.object(JSONObject([
            ("index", .number(JSONNumber(0))),
            ("message", .object(JSONObject([("role", .string("assistant")), ("content", .string(#"{"name":"add","ok":"résumé 👩‍💻"}"#))]))),
            ("finish_reason", .string("stop")),
        ]))])),
    ])

    private static let anthropicReply = JSONObject([
        ("id", .string("msg_1")), ("type", .string("message")), ("role", .string("assistant")), ("model", .string("m")),
        ("content", .array([.object(JSONObject([
            ("type", .string("tool_use")), ("id", .string("toolu_1")), ("name", .string("output")),
            ("input", .object(JSONObject([("name", .string("add")), ("parameters", .array([.string("a"), .string("b")]))]))),
        ]))])),
        ("stop_reason", .string("tool_use")), ("stop_sequence", .null),
        ("usage", .object(JSONObject([("input_tokens", .number(JSONNumber(3))), ("output_tokens", .number(JSONNumber(9)))]))),
    ])

    @Test func anOpenAIStreamAsksForUsageOnlyWhenLiftrecBuiltTheRequestAndItsTokensAreCounted() throws {
        let wire = OpenAIChatProtocol()
        let body = JSONValue.object(JSONObject([("model", .string("m")), ("messages", .array([]))]))
        let counting = try #require(wire.streamingRequest(body, countingUsage: true)?.objectValue)
        #expect(counting["stream"] == .bool(true))
        #expect(counting["stream_options"] == .object(JSONObject([("include_usage", .bool(true))])))
        let asGiven = try #require(wire.streamingRequest(body, countingUsage: false)?.objectValue)
        #expect(asGiven["stream_options"] == nil)

        var reply = Self.openAIReply
        reply["usage"] = .object(JSONObject([
            ("prompt_tokens", .number(JSONNumber(5))), ("completion_tokens", .number(JSONNumber(11))), ("total_tokens", .number(JSONNumber(16))),
        ]))
        let asked = try #require(wire.streamEvents(of: reply, answering: counting))
        let last = try #require(JSONParser.parse(Array(asked[asked.count - 2].data.utf8)).objectValue)
        #expect(last["choices"] == .array([]))
        #expect(asked.last?.data == "[DONE]")
        let assembled = try #require(wire.assembleStream(asked))
        #expect(wire.read(assembled).tokensUsed == JSONNumber(11))
        // Unasked, the stream carries no usage, as OpenAI's does not, and no tokens can be counted from it.
        let unasked = try #require(wire.streamEvents(of: reply, answering: asGiven))
        #expect(unasked.count == asked.count - 1)
        #expect(wire.read(try #require(wire.assembleStream(unasked))).tokensUsed == nil)
        // Replayed, the recorded usage chunk goes only to a client that asks for usage.
        let usageChunk = asked[asked.count - 2]
        #expect(wire.replays(usageChunk, answering: JSONValue.object(counting)))
        #expect(!wire.replays(usageChunk, answering: JSONValue.object(asGiven)))
        #expect(wire.replays(asked[0], answering: JSONValue.object(asGiven)))
    }

    @Test func openAIChunksAssembleBackToTheReply() throws {
        let wire = OpenAIChatProtocol()
        let events = try #require(wire.streamEvents(of: Self.openAIReply))
        #expect(wire.assembleStream(events) == Self.openAIReply)
    }

    @Test func anthropicEventsAssembleBackToTheMessage() throws {
        let wire = AnthropicMessagesProtocol()
        let events = try #require(wire.streamEvents(of: Self.anthropicReply))
        let assembled = try #require(wire.assembleStream(events))
        #expect(wire.read(assembled).output == wire.read(Self.anthropicReply).output)
        #expect(assembled["stop_reason"] == .string("tool_use"))
        #expect(assembled["usage"]?["output_tokens"] == .number(JSONNumber(9)))
    }

    @Test func aStreamWithoutItsFinalEventAssemblesToNothing() throws {
        let openAI = OpenAIChatProtocol()
        let anthropic = AnthropicMessagesProtocol()
        #expect(openAI.assembleStream(try #require(openAI.streamEvents(of: Self.openAIReply)).dropLast()) == nil)
        #expect(anthropic.assembleStream(try #require(anthropic.streamEvents(of: Self.anthropicReply)).dropLast()) == nil)
        #expect(openAI.assembleStream([]) == nil)
        #expect(ModalProtocol().assembleStream([ServerSentEvent(data: "{}")]) == nil)
    }

    @Test func theReaderTimesEachEventByTheArrivalThatClosedItAndDropsAnUnfinishedOne() {
        let body = Array("event: a\r\ndata: 1\r\n\r\n: comment\ndata: 2\ndata:3\n\ndata: cut".utf8)
        let firstEnd = Array("event: a\r\ndata: 1\r\n\r\n".utf8).count
        let arrivals = [BodyArrival(end: firstEnd - 1, offsetMs: 5), BodyArrival(end: firstEnd + 4, offsetMs: 10), BodyArrival(end: body.count, offsetMs: 40)]
        let events = ServerSentEventReader.events(in: body, arrivals: arrivals)
        #expect(events == [
            RecordedStream.Event(ServerSentEvent(name: "a", data: "1"), offsetMs: 10),
            RecordedStream.Event(ServerSentEvent(data: "2\n3"), offsetMs: 40),
        ])
    }

    @Test func aRecordedStreamRoundTripsThroughItsStoredForm() throws {
        let stream = RecordedStream(events: [
            .init(ServerSentEvent(name: "message_start", data: "{}"), offsetMs: 0), .init(ServerSentEvent(data: "[DONE]"), offsetMs: 12),
        ])
        #expect(RecordedStream(parsing: stream.json) == stream)
        #expect(RecordedStream(parsing: .array([.object(JSONObject([("data", .number(JSONNumber(1)))]))])) == nil)
    }
}
