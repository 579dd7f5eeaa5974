import Testing
@testable import LiftrecCore

// Timing is checked only by order and by lower bounds: a piece may come late on a loaded machine, never early.
@Suite struct StreamedResponseTests {
    /// Answers `/stream` with pieces `a`, `b`, `c` due at 0, 150 and 300 ms, and anything else with its path at once.
    static let streaming: HTTPServer.Handler = { request, responder in
        guard request.path == "/stream" else {
            return responder.respond(HTTPResponse(status: 200, body: Array(request.path.utf8)))
        }
        var response = HTTPResponse(status: 200, headers: ["Content-Type": "text/event-stream"])
        response.chunks = [
            ResponseChunk(offsetMilliseconds: 0, bytes: Array("a".utf8)),
            ResponseChunk(offsetMilliseconds: 150, bytes: Array("b".utf8)),
            ResponseChunk(offsetMilliseconds: 300, bytes: Array("c".utf8)),
        ]
        responder.respond(response)
    }

    @Test func writesEachPieceWhenItIsDueAsAChunk() async throws {
        try await HTTPServerTests.withServer(handler: Self.streaming) { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
            let (response, chunks) = try #require(await client.readStreamedResponse())
            #expect(response.status == 200)
            #expect(response.header("Content-Length") == nil)
            #expect(chunks.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a", "b", "c"])
            guard chunks.count == 3 else { return }
            #expect(chunks[1].arrivedAt - chunks[0].arrivedAt >= .milliseconds(100))
            #expect(chunks[2].arrivedAt - chunks[0].arrivedAt >= .milliseconds(250))
        }
    }

    @Test func answersTheNextPipelinedRequestAfterTheStream() async throws {
        try await HTTPServerTests.withServer(handler: Self.streaming) { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            let (_, chunks) = try #require(await client.readStreamedResponse())
            #expect(chunks.map { String(decoding: $0.bytes, as: UTF8.self) }.joined() == "abc")
            #expect(await client.readResponse()?.text == "/after")
        }
    }

    @Test func endsAnHTTP10StreamByClosing() async throws {
        try await HTTPServerTests.withServer(handler: Self.streaming) { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let (response, chunks) = try #require(await client.readStreamedResponse())
            #expect(response.header("Connection") == "close")
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(chunks.map { String(decoding: $0.bytes, as: UTF8.self) }.joined() == "abc")
        }
    }

    @Test func servesOtherClientsWhileAStreamWaits() async throws {
        try await HTTPServerTests.withServer({ $0.eventLoops = 1 }, handler: Self.streaming) { server in
            let streamed = try #require(RawClient(port: server.port))
            streamed.send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n")
            let other = try #require(RawClient(port: server.port))
            other.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await other.readResponse()?.text == "/other")
            let finished = ContinuousClock.now
            let (_, chunks) = try #require(await streamed.readStreamedResponse())
            // The other answer came before the last piece was due, so the loop was not held by the stream.
            #expect(chunks.last.map { $0.arrivedAt > finished } == true)
        }
    }

    @Test func sendsTheRemainingPiecesAtOnceWhenStopping() async throws {
        let answered = TestSignal()
        var configuration = HTTPServerConfiguration()
        configuration.eventLoops = 1
        let server = try HTTPServer(configuration: configuration) { _, responder in
            var response = HTTPResponse(status: 200)
            response.chunks = [ResponseChunk(offsetMilliseconds: 0, bytes: [1]), ResponseChunk(offsetMilliseconds: 3_600_000, bytes: [2])]
            responder.respond(response)
            answered.signal()
        }
        try server.start()
        let client = try #require(RawClient(port: server.port))
        client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(await answered.wait(), "the handler never received the request")
        server.stop()
        await BlockingCall.run { server.waitUntilStopped() }
        let (_, chunks) = try #require(await client.readStreamedResponse())
        #expect(chunks.flatMap(\.bytes) == [1, 2])
    }
}
