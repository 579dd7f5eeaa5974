import Testing
@testable import LiftrecCore

@Suite struct HTTPRequestParserTests {
    enum Outcome {
        case request(HTTPRequest, HTTPRequestParser.Disposition)
        case rejected(RequestRejection)

        var request: HTTPRequest? {
            if case .request(let request, _) = self { return request }
            return nil
        }

        var disposition: HTTPRequestParser.Disposition? {
            if case .request(_, let disposition) = self { return disposition }
            return nil
        }

        var status: Int? {
            if case .rejected(let rejection) = self { return rejection.status }
            return nil
        }
    }

    static let limits = HTTPRequestParser.Limits(requestLine: 64, headers: 256, body: 100)

    /// Feeds `text` in pieces of `piece` bytes the way a connection does, keeping unconsumed bytes, until a rejection.
    static func outcomes(_ text: String, piece: Int = .max, limits: HTTPRequestParser.Limits = limits) -> [Outcome] {
        var parser = HTTPRequestParser(limits: limits)
        let bytes = Array(text.utf8)
        var pending: [UInt8] = []
        var outcomes: [Outcome] = []
        var start = 0
        while start < bytes.count {
            let end = start + min(piece, bytes.count - start)
            pending.append(contentsOf: bytes[start..<end])
            start = end
            while true {
                let (consumed, step) = pending.withUnsafeBufferPointer { parser.parse($0) }
                pending.removeFirst(consumed)
                switch step {
                case .incomplete:
                    break
                case .request(let request, let disposition):
                    outcomes.append(.request(request, disposition))
                    continue
                case .rejected(let rejection):
                    return outcomes + [.rejected(rejection)]
                }
                break
            }
        }
        return outcomes
    }

    static func status(_ text: String, limits: HTTPRequestParser.Limits = limits) -> Int? {
        outcomes(text, limits: limits).last?.status
    }

    @Test func parsesTheSameWholeOrOneByteAtATime() throws {
        let text = "GET /a?x=1&y HTTP/1.1\r\nHost: t\r\nX-Two:  spaced value \t\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=\"v\"\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
        for piece in [Int.max, 7, 1] {
            let requests = Self.outcomes(text, piece: piece).compactMap(\.request)
            try #require(requests.count == 3, "piece \(piece)")
            #expect(requests[0].method == "GET")
            #expect(requests[0].path == "/a")
            #expect(requests[0].query == "x=1&y")
            #expect(requests[0].headers["x-two"] == "spaced value")
            #expect(requests[0].headers.fields.map(\.name) == ["Host", "X-Two"])
            #expect(requests[1].body == Array("hello".utf8))
            #expect(requests[1].query == nil)
            #expect(requests[2].body == Array("abcde".utf8))
        }
    }

    @Test func takesPathsFromAbsoluteAndAsteriskTargets() {
        let requests = Self.outcomes("GET http://h:1/p/q?z HTTP/1.1\r\nHost: h\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\nGET HTTP://h HTTP/1.1\r\nHost: h\r\n\r\n")
            .compactMap(\.request)
        #expect(requests.map(\.path) == ["/p/q", "*", "/"])
        #expect(requests.first?.query == "z")
        #expect(Self.status("GET * HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func decidesKeepAliveByVersionAndConnectionHeader() {
        let dispositions = Self.outcomes(
            "GET / HTTP/1.1\r\nHost: h\r\n\r\n" + "HEAD / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
                + "GET / HTTP/1.0\r\n\r\n" + "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, CLOSE\r\n\r\n"
        ).compactMap(\.disposition)
        #expect(dispositions == [
            .init(keepAlive: true, isHead: false, isHTTP10: false),
            .init(keepAlive: true, isHead: true, isHTTP10: true),
            .init(keepAlive: false, isHead: false, isHTTP10: true),
            .init(keepAlive: false, isHead: false, isHTTP10: false),
        ])
    }

    @Test func toleratesOneEmptyLineBeforeARequest() {
        #expect(Self.outcomes("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").first?.request?.path == "/")
        #expect(Self.status("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func enforcesTheRequestLineAndHeaderLimitsAtTheirBoundaries() {
        let fitting = "/" + String(repeating: "a", count: 64 - "GET / HTTP/1.1".count)
        #expect(Self.outcomes("GET \(fitting) HTTP/1.1\r\nHost: h\r\n\r\n").first?.request?.target == fitting)
        #expect(Self.status("GET \(fitting)a HTTP/1.1\r\nHost: h\r\n\r\n") == 414)
        #expect(Self.status("GET \(fitting)" + String(repeating: "a", count: 20)) == 414)
        #expect(Self.outcomes("GET \(fitting)a").isEmpty)
        let header = "Host: h\r\nX: " + String(repeating: "v", count: 256 - 16) + "\r\n"
        #expect(header.utf8.count + 2 == 256)
        #expect(Self.outcomes("GET / HTTP/1.1\r\n\(header)\r\n").first?.request != nil)
        #expect(Self.status("GET / HTTP/1.1\r\nY: 1\r\n\(header)\r\n") == 431)
        #expect(Self.status("GET / HTTP/1.1\r\n" + String(repeating: "Z: 1\r\n", count: 60)) == 431)
    }

    @Test func enforcesTheBodyLimitForBothFramings() {
        #expect(Self.outcomes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100)).first?.request?.body.count == 100)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n") == 413)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n") == 413)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + String(repeating: "b", count: 100) + "\r\n1\r\n") == 413)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n") == 413)
    }

    @Test func refusesMalformedHeads() {
        for head in [
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX : a\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\u{01}b\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
            "GET / HTTP/1.1\nHost: h\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
            "GET / http/1.1\r\nHost: h\r\n\r\n",
            "G@T / HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n",
            "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n",
        ] {
            #expect(Self.status(head) == 400, "\(head.debugDescription)")
        }
    }

    @Test func refusesUnsupportedVersions() {
        #expect(Self.status("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == 505)
        #expect(Self.status("GET / HTTP/1.2\r\nHost: h\r\n\r\n") == 505)
        #expect(Self.status("GET / HTTP/10.0\r\nHost: h\r\n\r\n") == 400)
    }

    @Test func checksFramingHeadersPerRFC9112() {
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,2\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\n") == 400)
        #expect(Self.outcomes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2 , 2\r\nContent-Length: 2\r\n\r\nok").first?.request?.body == Array("ok".utf8))
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n") == 501)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n") == 501)
        #expect(Self.status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
        #expect(Self.status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n") == 400)
        #expect(Self.outcomes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n").first?.request?.body == [])
    }

    @Test func refusesBrokenChunkedBodies() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(Self.status(head + "g\r\n") == 400)
        #expect(Self.status(head + "\r\n") == 400)
        #expect(Self.status(head + "3 x\r\n") == 400)
        #expect(Self.status(head + "3\r\nabcXY") == 400)
        #expect(Self.status(head + "3\nabc") == 400)
        #expect(Self.status(head + "3;" + String(repeating: "e", count: 5000)) == 400)
        #expect(Self.status(head + "0\r\n" + String(repeating: "T: 1\r\n", count: 50)) == 431)
        #expect(Self.outcomes(head + "3 ; a=b\r\nabc\r\n0\r\n\r\n").first?.request?.body == Array("abc".utf8))
    }

    @Test func asksForContinueOnlyWhenABodyIsComing() {
        var parser = HTTPRequestParser(limits: Self.limits)
        let head = Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n".utf8)
        let consumed = head.withUnsafeBufferPointer { parser.parse($0).consumed }
        #expect(consumed == head.count)
        #expect(parser.awaitsContinue)
        parser.noteContinueSent()
        #expect(!parser.awaitsContinue)
        let empty = Self.outcomes("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n")
        #expect(empty.first?.request != nil)
    }
}
