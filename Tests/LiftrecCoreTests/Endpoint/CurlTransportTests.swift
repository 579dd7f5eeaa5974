import Glibc
import Testing
@testable import LiftrecCore

@Suite struct CurlTransportTests {
    private let json = Array(#"{"status":"healthy"}"#.utf8)

    private func request(
        _ url: String,
        method: HTTPMethod = .get,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeout: Double = 60,
        maxResponseBytes: Int = 1 << 20
    ) throws -> HTTPClientRequest {
        HTTPClientRequest(
            method: method, url: try EndpointURL(parsing: url), headers: headers, body: body,
            timeout: timeout, maxResponseBytes: maxResponseBytes
        )
    }

    private func failure(_ request: HTTPClientRequest, on transport: CurlTransport = CurlTransport()) async -> TransportError? {
        do {
            _ = try await transport.send(request)
            return nil
        } catch {
            return error
        }
    }

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = LoopbackServer(.reply(.http(status: 200, headers: [("X-Reply", "yes")], body: json)))
        defer { server.stop() }
        let response = try await CurlTransport().send(request(server.url("/health")))
        #expect(response.status == 200)
        #expect(response.headers.contains { $0.name == "X-Reply" && $0.value == "yes" })
        #expect(response.body == json)
        let seen = server.snapshot.requests
        #expect(seen.map(\.method) == ["GET"])
        #expect(seen.map(\.target) == ["/health"])
    }

    @Test func postSendsExactlyTheCallersHeadersAndBody() async throws {
        let server = LoopbackServer(.reply(.http(status: 200, body: json)))
        defer { server.stop() }
        // Over 1 KiB, where libcurl would otherwise ask for 100-continue.
        let body = Array(repeating: UInt8(ascii: "x"), count: 4000)
        let headers = [("Content-Type", "application/json"), ("Modal-Key", "wk-123"), ("Modal-Secret", "ws-456"), ("X-Empty", "")]
        let response = try await CurlTransport().send(
            request(server.url("/generate?token=t1"), method: .post, headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
        )
        #expect(response.status == 200)
        let seen = try #require(server.snapshot.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.target == "/generate?token=t1")
        #expect(seen.body == body)
        #expect(seen.header("Content-Type") == "application/json")
        #expect(seen.header("Modal-Key") == "wk-123")
        #expect(seen.header("Modal-Secret") == "ws-456")
        #expect(seen.header("X-Empty") == "")
        #expect(seen.header("Expect") == nil)
    }

    @Test func postWithoutContentTypeGetsNoneAdded() async throws {
        let server = LoopbackServer(.reply(.http(status: 200)))
        defer { server.stop() }
        _ = try await CurlTransport().send(request(server.url("/generate"), method: .post, body: json))
        let seen = try #require(server.snapshot.requests.first)
        #expect(seen.header("Content-Type") == nil)
        #expect(seen.body == json)
    }

    @Test func postWithEmptyBodySendsAnEmptyBody() async throws {
        let server = LoopbackServer(.reply(.http(status: 200)))
        defer { server.stop() }
        _ = try await CurlTransport().send(request(server.url("/generate"), method: .post))
        let seen = try #require(server.snapshot.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.header("Content-Length") == "0")
        #expect(seen.body.isEmpty)
    }

    @Test func errorStatusPassesThroughWithItsBody() async throws {
        let body = Array(#"{"error":"overloaded"}"#.utf8)
        let server = LoopbackServer(.reply(.http(status: 503, body: body)))
        defer { server.stop() }
        let response = try await CurlTransport().send(request(server.url("/generate")))
        #expect(response.status == 503)
        #expect(response.body == body)
    }

    @Test func redirectIsReturnedNotFollowed() async throws {
        let server = LoopbackServer(.reply(.http(status: 302, headers: [("Location", "/elsewhere")])))
        defer { server.stop() }
        let response = try await CurlTransport().send(request(server.url("/generate")))
        #expect(response.status == 302)
        #expect(server.snapshot.requests.map(\.target) == ["/generate"])
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = LoopbackServer(.reply(.http(status: 200, body: json)))
        defer { server.stop() }
        let transport = CurlTransport()
        for _ in 0..<3 {
            #expect(try await transport.send(request(server.url("/health"))).body == json)
        }
        #expect(server.snapshot.requests.count == 3)
        #expect(server.snapshot.accepted == 1)
    }

    @Test func declaredLengthOverTheLimitIsTooLarge() async throws {
        let server = LoopbackServer(.reply(.http(status: 200, body: Array(repeating: 0x61, count: 1000))))
        defer { server.stop() }
        let sent = try request(server.url("/generate"), maxResponseBytes: 500)
        #expect(await failure(sent) == .tooLarge(url: sent.url, limit: 500))
    }

    @Test func streamedBodyOverTheLimitIsTooLarge() async throws {
        let server = LoopbackServer(.reply(.unframed(body: Array(repeating: 0x61, count: 100_000))))
        defer { server.stop() }
        let sent = try request(server.url("/generate"), maxResponseBytes: 1000)
        #expect(await failure(sent) == .tooLarge(url: sent.url, limit: 1000))
    }

    @Test func streamedBodyWithinTheLimitArrivesWhole() async throws {
        let body = Array(repeating: UInt8(0x61), count: 100_000)
        let server = LoopbackServer(.reply(.unframed(body: body)))
        defer { server.stop() }
        #expect(try await CurlTransport().send(request(server.url("/generate"))).body == body)
    }

    @Test func silentServerTimesOut() async throws {
        let server = LoopbackServer(.silent)
        defer { server.stop() }
        let sent = try request(server.url("/generate"), timeout: 0.3)
        #expect(await failure(sent) == .timeout(url: sent.url, seconds: 0.3))
    }

    @Test func closedPortIsRefused() async throws {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = LoopbackServer.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                _ = bind(probe, raw, length)
                _ = getsockname(probe, raw, &length)
            }
        }
        close(probe)
        let sent = try request("http://user:pw@127.0.0.1:\(UInt16(bigEndian: address.sin_port))/generate?token=t1")
        let error = await failure(sent)
        guard case .refused(let url, _) = error else {
            Issue.record("expected refused, got \(String(describing: error))")
            return
        }
        #expect(url == sent.url)
        #expect(error?.description.contains("pw") == false)
        #expect(error?.description.contains("t1") == false)
    }

    @Test func eightRequestsRunAtOnce() async throws {
        let server = LoopbackServer(.gather(8, .http(status: 200, body: json)))
        defer { server.stop() }
        let transport = CurlTransport()
        let sent = try request(server.url("/generate"))
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await transport.send(sent).status) ?? 0 }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        #expect(server.snapshot.concurrency.most == 8)
    }

    @Test func cancellingTheTaskAbortsTheTransfer() async throws {
        let server = LoopbackServer(.silent)
        defer { server.stop() }
        let sent = try request(server.url("/generate"), timeout: 60)
        let task = Task { await failure(sent) }
        #expect(await server.wait { $0.requests.count == 1 }, "the request never reached the server")
        task.cancel()
        #expect(await task.value == .cancelled(url: sent.url))
        #expect(await server.wait { $0.closed == 1 }, "the cancelled transfer never closed its connection")
    }

    @Test(arguments: [("Modal-Key", "a\r\nInjected: yes"), ("Bad Name", "v"), ("", "v"), ("X", "nul\u{0}")])
    func invalidHeaderIsRefusedBeforeConnecting(name: String, value: String) async throws {
        let server = LoopbackServer(.reply(.http(status: 200)))
        defer { server.stop() }
        let sent = try request(server.url("/generate"), headers: [(name: name, value: value)])
        #expect(await failure(sent) == .invalidHeader(url: sent.url, name: name))
        #expect(server.snapshot.accepted == 0)
    }
}
