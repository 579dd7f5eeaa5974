import Glibc
import Synchronization
import Testing
@testable import LiftrecCore

@Suite struct HTTPServerTests {
    /// Answers `METHOD PATH QUERY BODY` as text, at once.
    static let echo: HTTPServer.Handler = { request, responder in
        let text = "\(request.method) \(request.path) \(request.query ?? "-") \(String(decoding: request.body, as: UTF8.self))"
        responder.respond(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array(text.utf8)))
    }

    /// Runs `body` against a started server on a system-picked port, then stops it and waits (off the pool) until it has.
    static func withServer(
        _ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        handler: @escaping HTTPServer.Handler = echo,
        _ body: (HTTPServer) async throws -> Void
    ) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.eventLoops = 2
        configure(&configuration)
        let server = try HTTPServer(configuration: configuration, handler: handler)
        try server.start()
        do {
            try await body(server)
        } catch {
            server.stop()
            await BlockingCall.run { server.waitUntilStopped() }
            throw error
        }
        server.stop()
        await BlockingCall.run { server.waitUntilStopped() }
    }

    /// Sends `request` on a new connection and expects an error response with a JSON body, then the close.
    static func expectRefusal(_ request: String, status: Int, port: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let client = try #require(RawClient(port: port), sourceLocation: sourceLocation)
        client.send(request)
        let response = try #require(await client.readResponse(), sourceLocation: sourceLocation)
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Connection") == "close", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(response.text.hasPrefix("{\"error\": \""), sourceLocation: sourceLocation)
        #expect(await client.readsEndOfStream(), sourceLocation: sourceLocation)
    }

    @Test func answersGetAndPost() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let get = try #require(await client.readResponse())
            #expect(get.status == 200)
            #expect(get.text == "GET /hello x=1 ")
            #expect(get.header("Content-Type") == "text/plain")
            #expect(get.header("Connection") == nil)
            client.send("POST /generate HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n{\"prompt\":1}")
            let post = try #require(await client.readResponse())
            #expect(post.text == "POST /generate - {\"prompt\":1")
        }
    }

    @Test func keepsTheConnectionAliveAndHonoursConnectionClose() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await client.readResponse()?.text == "GET /one - ")
            client.send("GET /two HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let last = try #require(await client.readResponse())
            #expect(last.text == "GET /two - ")
            #expect(last.header("Connection") == "close")
            #expect(await client.readsEndOfStream())
        }
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() async throws {
        try await Self.withServer { server in
            let keeping = try #require(RawClient(port: server.port))
            keeping.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(await keeping.readResponse()?.header("Connection") == "keep-alive")
            keeping.send("GET /b HTTP/1.0\r\n\r\n")
            #expect(await keeping.readResponse()?.text == "GET /b - ")
            #expect(await keeping.readsEndOfStream())
        }
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nPOST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await client.readResponse()?.text == "GET /a - ")
            #expect(await client.readResponse()?.text == "POST /b - hi")
            #expect(await client.readResponse()?.text == "GET /c - ")
        }
    }

    @Test func keepsOrderWhenAnEarlierRequestIsAnsweredLaterFromAnotherThread() async throws {
        let parked = Mutex<HTTPResponder?>(nil)
        let laterAnswered = TestSignal()
        try await Self.withServer(handler: { request, responder in
            if request.path == "/slow" {
                parked.withLock { $0 = responder }
            } else {
                Self.echo(request, responder)
                laterAnswered.signal()
            }
        }) { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await laterAnswered.wait(), "the handler never answered /fast")
            let responder = try #require(parked.withLock { $0 })
            await BlockingCall.run { responder.respond(HTTPResponse(status: 202, body: Array("slow".utf8))) }
            let first = try #require(await client.readResponse())
            #expect(first.status == 202)
            #expect(first.text == "slow")
            #expect(await client.readResponse()?.text == "GET /fast - ")
        }
    }

    @Test func answers500WhenTheHandlerDropsItsResponder() async throws {
        try await Self.withServer(handler: { _, _ in }) { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await client.readResponse()?.status == 500)
        }
    }

    @Test func decodesChunkedBodiesWithExtensionsAndTrailers() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
            #expect(await client.readResponse()?.text == "POST /c - hello world")
            client.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(await client.readResponse()?.text == "GET /after - ")
        }
    }

    @Test func answersExpectContinueBeforeTheBody() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(await client.readResponse()?.status == 100)
            client.send("body")
            #expect(await client.readResponse()?.text == "POST /e - body")
        }
    }

    @Test func answersHeadWithoutABody() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\nGET /g HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try #require(await client.readResponse(toHead: true))
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "10")
            #expect(await client.readResponse()?.text == "GET /g - ")
        }
    }

    @Test func refusesOversizedRequests() async throws {
        try await Self.withServer({ $0.maxBodyBytes = 1000 }) { server in
            let longTarget = "/" + String(repeating: "a", count: 8200)
            try await Self.expectRefusal("GET \(longTarget) HTTP/1.1\r\nHost: t\r\n\r\n", status: 414, port: server.port)
            try await Self.expectRefusal("GET \(longTarget)", status: 414, port: server.port)
            let header = "X-Big: " + String(repeating: "b", count: 1000) + "\r\n"
            try await Self.expectRefusal("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: header, count: 70) + "\r\n", status: 431, port: server.port)
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n", status: 413, port: server.port)
            let chunk = "3E8\r\n" + String(repeating: "c", count: 1000) + "\r\n"
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + "1\r\n", status: 413, port: server.port)
        }
    }

    @Test func refusesMalformedRequests() async throws {
        try await Self.withServer { server in
            for request in [
                "GARBAGE\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: t\r\nBad Name: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: t\r\nX-Folded: a\r\n  b\r\n\r\n",
                "GET / HTTP/1.1\nHost: t\n\n",
                "GET / HTTP/1.1\r\n\r\n",
                "GET nopath HTTP/1.1\r\nHost: t\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 4\r\n\r\nabcd",
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n",
            ] {
                try await Self.expectRefusal(request, status: 400, port: server.port)
            }
            try await Self.expectRefusal("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501, port: server.port)
            try await Self.expectRefusal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505, port: server.port)
        }
    }

    @Test func acceptsIdenticalDuplicateContentLengths() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("POST /d HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc")
            #expect(await client.readResponse()?.text == "POST /d - abc")
            client.send("POST /l HTTP/1.1\r\nHost: t\r\nContent-Length: 2, 2\r\n\r\nxy")
            #expect(await client.readResponse()?.text == "POST /l - xy")
        }
    }

    @Test func answers408WhenTheHeadIsLate() async throws {
        try await Self.withServer({ $0.headerTimeout = .milliseconds(50) }) { server in
            try await Self.expectRefusal("GET / HTTP/1.1\r\nHost: t\r\n", status: 408, port: server.port)
        }
    }

    @Test func servesOthersWhileASlowClientHoldsItsHead() async throws {
        // The head timeout is far beyond the test's length, however long a loaded machine makes it.
        try await Self.withServer({ $0.eventLoops = 1; $0.headerTimeout = .seconds(3600) }) { server in
            let slow = try #require(RawClient(port: server.port))
            slow.send("GET /slow HTTP/1.1\r\nHo")
            let fast = try #require(RawClient(port: server.port))
            for index in 0..<3 {
                fast.send("GET /fast/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(await fast.readResponse()?.text == "GET /fast/\(index) - ")
            }
            slow.send("st: t\r\n\r\n")
            #expect(await slow.readResponse()?.text == "GET /slow - ")
        }
    }

    @Test func serves64ConcurrentClients() async throws {
        // The connections wait their turn between rounds: no deadline may close them, however loaded the machine.
        try await Self.withServer({ $0.idleTimeout = .seconds(3600); $0.headerTimeout = .seconds(3600) }) { server in
            let clients = try (0..<64).map { _ in try #require(RawClient(port: server.port)) }
            for round in 0..<5 {
                for (index, client) in clients.enumerated() {
                    client.send("POST /c/\(index) HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n\(round)")
                }
                for (index, client) in clients.enumerated() {
                    let response = try #require(await client.readResponse())
                    #expect(response.status == 200)
                    #expect(response.text == "POST /c/\(index) - \(round)")
                }
            }
        }
    }

    @Test func atTheLimitABusyServerRefusesWith503AndRetryAfter() async throws {
        // The half-sent head must outlast a loaded machine's pauses, so its deadline is far beyond the test's length.
        // One event loop accepts both clients in the order they connected: with two, the second could take the one
        // place while the first is still being accepted on the other loop.
        try await Self.withServer({ $0.maxConnections = 1; $0.eventLoops = 1; $0.headerTimeout = .seconds(3600) }) { server in
            // Half a request head: the connection is not idle, so it cannot give way.
            let first = try #require(RawClient(port: server.port))
            first.send("GET /still HTTP/1.1\r\nHost: t\r\n")
            let second = try #require(RawClient(port: server.port))
            second.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let refused = try #require(await second.readResponse())
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "1")
            first.send("\r\n")
            #expect(await first.readResponse()?.text == "GET /still - ")
        }
    }

    @Test func aReplayServersWorthOfIdlePooledConnectionsDoesNotLockOutANewClient() async throws {
        // Idle connections must not expire on their own while a loaded machine opens the rest.
        try await Self.withServer({ $0.maxConnections = ServeCommand.maxConnections; $0.idleTimeout = .seconds(3600) }) { server in
            var pool: [RawClient] = []
            for index in 0..<ServeCommand.maxConnections {
                let client = try #require(RawClient(port: server.port))
                client.send("GET /pooled/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(await client.readResponse()?.status == 200)
                pool.append(client)
            }
            let newcomer = try #require(RawClient(port: server.port))
            newcomer.send("GET /new HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(await newcomer.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "GET /new - ")
            // The connection idle longest on the loop that took the newcomer gave way: one of the first two, one per loop.
            var answered = 0
            for client in pool.prefix(2) {
                client.send("GET /again HTTP/1.1\r\nHost: t\r\n\r\n")
                if await client.readResponse()?.status == 200 { answered += 1 }
            }
            #expect(answered == 1)
        }
    }

    @Test func stopFinishesResponsesInFlightThenRefusesConnections() async throws {
        let parked = Mutex<HTTPResponder?>(nil)
        let arrived = TestSignal()
        var configuration = HTTPServerConfiguration()
        configuration.eventLoops = 2
        // The parked response is answered after stop; the grace for it is far beyond the test's length on a loaded machine.
        configuration.stopTimeout = .seconds(3600)
        let server = try HTTPServer(configuration: configuration) { request, responder in
            guard request.path == "/park" else { return Self.echo(request, responder) }
            parked.withLock { $0 = responder }
            arrived.signal()
        }
        try server.start()
        let idle = try #require(RawClient(port: server.port))
        idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(await idle.readResponse()?.status == 200)
        let busy = try #require(RawClient(port: server.port))
        busy.send("GET /park HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(await arrived.wait(), "the handler never received /park")

        await BlockingCall.run { server.stop() }
        #expect(await idle.readsEndOfStream())
        try #require(parked.withLock { $0 }).respond(HTTPResponse(status: 200, body: Array("late".utf8)))
        #expect(await busy.readResponse()?.text == "late")
        #expect(await busy.readsEndOfStream())
        await BlockingCall.run { server.waitUntilStopped() }
        #expect(RawClient(port: server.port) == nil)
    }

    @Test func answersARequestFollowedByAHalfClose() async throws {
        try await Self.withServer { server in
            let client = try #require(RawClient(port: server.port))
            client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nGET /partial HTTP/1.1\r\n")
            client.shutdownWrite()
            #expect(await client.readResponse()?.text == "GET /a - ")
            #expect(await client.readResponse()?.text == "GET /b - ")
            #expect(await client.readsEndOfStream())
        }
    }

    @Test func stopClosesWithinItsTimeoutWhenAHandlerNeverAnswers() async throws {
        let parked = Mutex<[HTTPResponder]>([])
        let arrived = TestSignal()
        var configuration = HTTPServerConfiguration()
        configuration.stopTimeout = .milliseconds(20)
        let server = try HTTPServer(configuration: configuration) { _, responder in
            parked.withLock { $0.append(responder) }
            arrived.signal()
        }
        try server.start()
        let client = try #require(RawClient(port: server.port))
        client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(await arrived.wait(), "the handler never received the request")
        server.stop()
        await BlockingCall.run { server.waitUntilStopped() }
        #expect(await client.readsEndOfStream())
        parked.withLock { $0.first?.respond(HTTPResponse(status: 200)) }
    }

    @Test func spreadsConnectionsEvenlyOverItsEventLoops() async throws {
        // Each answer names the thread that served it; connections stay open, so the counts never go down.
        let byThread: HTTPServer.Handler = { _, responder in
            responder.respond(HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("\(pthread_self())".utf8)))
        }
        try await Self.withServer(handler: byThread) { server in
            var clients: [RawClient] = []
            var threads: [String: Int] = [:]
            for _ in 0..<6 {
                let client = try #require(RawClient(port: server.port))
                clients.append(client)
                client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try #require(await client.readResponse())
                threads[response.text, default: 0] += 1
            }
            #expect(threads.values.sorted() == [3, 3], "\(threads)")
        }
    }

    @Test func rejectsBadConfiguration() {
        var configuration = HTTPServerConfiguration(host: "localhost")
        #expect(throws: ServerError.invalidHost("localhost")) { try HTTPServer(configuration: configuration, handler: Self.echo) }
        configuration = HTTPServerConfiguration(port: 70000)
        #expect(throws: ServerError.invalidSetting(name: "port", value: "70000", allowed: "0...65535")) {
            try HTTPServer(configuration: configuration, handler: Self.echo)
        }
    }
}
