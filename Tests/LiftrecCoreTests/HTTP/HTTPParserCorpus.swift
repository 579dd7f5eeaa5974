@testable import LiftrecCore

/// Every request the parser tests feed, with the verdict each must get: the same corpus checks details whole and verdicts split.
enum HTTPParserCorpus {
    /// Small limits, so that boundaries are cheap to reach.
    static let limits = HTTPRequestParser.Limits(requestLine: 64, headers: 256, body: 100)

    /// The server's default limits.
    static let serverLimits = HTTPRequestParser.Limits(
        requestLine: HTTPServerConfiguration().maxRequestLineBytes,
        headers: HTTPServerConfiguration().maxHeaderBytes,
        body: HTTPServerConfiguration().maxBodyBytes
    )

    static let chunkedHead = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"

    static let pipelined = ParserSample(
        "pipelined GET, sized POST and chunked PUT",
        "GET /a?x=1&y HTTP/1.1\r\nHost: t\r\nX-Two:  spaced value \t\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
            + "PUT /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=\"v\"\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n",
        .accepts(3)
    )

    static let targets = ParserSample(
        "absolute and asterisk targets",
        "GET http://h:1/p/q?z HTTP/1.1\r\nHost: h\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\nGET HTTP://h HTTP/1.1\r\nHost: h\r\n\r\n",
        .accepts(3)
    )

    static let keepAlive = ParserSample(
        "keep-alive by version and Connection",
        "GET / HTTP/1.1\r\nHost: h\r\n\r\n" + "HEAD / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"
            + "GET / HTTP/1.0\r\n\r\n" + "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, CLOSE\r\n\r\n",
        .accepts(4)
    )

    static let emptyLineFirst = ParserSample("one empty line first", "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", .accepts())

    /// The longest target a request line `GET … HTTP/1.1` may carry within `limits`.
    static let fittingTarget = "/" + String(repeating: "a", count: 64 - "GET / HTTP/1.1".count)

    static let fittingRequestLine = ParserSample("request line at the limit", "GET \(fittingTarget) HTTP/1.1\r\nHost: h\r\n\r\n", .accepts())

    /// A header section of exactly 256 bytes, its final CRLF included.
    static let fittingHeaders = "Host: h\r\nX: " + String(repeating: "v", count: 256 - 16) + "\r\n"

    static let headersAtLimit = ParserSample("header section at the limit", "GET / HTTP/1.1\r\n\(fittingHeaders)\r\n", .accepts())

    static let bodyAtLimit = ParserSample(
        "body at the limit", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n" + String(repeating: "b", count: 100), .accepts()
    )

    static let repeatedLength = ParserSample(
        "agreeing Content-Length values", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2 , 2\r\nContent-Length: 2\r\n\r\nok", .accepts()
    )

    static let capitalChunked = ParserSample(
        "Chunked in any case", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n", .accepts()
    )

    static let spacedChunkSize = ParserSample("spaces before a chunk extension", chunkedHead + "3 ; a=b\r\nabc\r\n0\r\n\r\n", .accepts())

    static let expectsContinue = ParserSample(
        "Expect: 100-continue with a body to come",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n",
        .accepts(0)
    )

    static let expectsContinueWithoutBody = ParserSample(
        "Expect: 100-continue without a body",
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
        .accepts()
    )

    static let malformedHeads = [
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
        "GET * HTTP/1.1\r\nHost: h\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
    ].map { ParserSample("malformed head \($0.debugDescription)", $0, .rejects(400)) }

    static let rejections = [
        ParserSample("request line over the limit", "GET \(fittingTarget)a HTTP/1.1\r\nHost: h\r\n\r\n", .rejects(414)),
        ParserSample("request line over the limit, unfinished", "GET \(fittingTarget)" + String(repeating: "a", count: 20), .rejects(414)),
        ParserSample("request line one byte from the limit, unfinished", "GET \(fittingTarget)a", .accepts(0)),
        ParserSample("header section over the limit", "GET / HTTP/1.1\r\nY: 1\r\n\(fittingHeaders)\r\n", .rejects(431)),
        ParserSample("header section over the limit, unfinished", "GET / HTTP/1.1\r\n" + String(repeating: "Z: 1\r\n", count: 60), .rejects(431)),
        ParserSample("Content-Length over the limit", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", .rejects(413)),
        ParserSample("Content-Length of 20 digits", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", .rejects(413)),
        ParserSample("chunked body over the limit", chunkedHead + "64\r\n" + String(repeating: "b", count: 100) + "\r\n1\r\n", .rejects(413)),
        ParserSample("chunk size of 20 digits", chunkedHead + "FFFFFFFFFFFFFFFFFFFF\r\n", .rejects(413)),
        ParserSample("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .rejects(505)),
        ParserSample("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", .rejects(505)),
        ParserSample("HTTP/10.0", "GET / HTTP/10.0\r\nHost: h\r\n\r\n", .rejects(400)),
        ParserSample("both framings", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", .rejects(400)),
        ParserSample("differing Content-Length fields", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .rejects(400)),
        ParserSample("differing Content-Length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,2\r\n\r\n", .rejects(400)),
        ParserSample("empty Content-Length element", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,\r\n\r\n", .rejects(400)),
        ParserSample("signed Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\n", .rejects(400)),
        ParserSample("chunked twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", .rejects(400)),
        ParserSample("gzip after chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", .rejects(501)),
        ParserSample("identity coding", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n", .rejects(501)),
        ParserSample("chunked in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .rejects(400)),
        ParserSample("empty Transfer-Encoding list", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,\r\n\r\n", .rejects(400)),
        ParserSample("chunk size not hexadecimal", chunkedHead + "g\r\n", .rejects(400)),
        ParserSample("empty chunk size line", chunkedHead + "\r\n", .rejects(400)),
        ParserSample("junk after a chunk size", chunkedHead + "3 x\r\n", .rejects(400)),
        ParserSample("chunk data without CRLF", chunkedHead + "3\r\nabcXY", .rejects(400)),
        ParserSample("chunk size line with a bare LF", chunkedHead + "3\nabc", .rejects(400)),
        ParserSample("chunk size line over its limit", chunkedHead + "3;" + String(repeating: "e", count: 5000), .rejects(400)),
        ParserSample("trailer section over the limit", chunkedHead + "0\r\n" + String(repeating: "T: 1\r\n", count: 50), .rejects(431)),
    ]

    /// Inputs whose verdict once depended on how reads split them.
    static let segmentationRegressions = [
        ParserSample("trailer section at the limit", chunkedHead + "0\r\nX: " + String(repeating: "a", count: 249) + "\r\n\r\n", .accepts()),
        ParserSample("trailer section one byte over the limit", chunkedHead + "0\r\nX: " + String(repeating: "a", count: 250) + "\r\n\r\n", .rejects(431)),
        ParserSample(
            "64 KiB trailer line at the server's limits",
            chunkedHead + "0\r\nX: " + String(repeating: "a", count: 65_533) + "\r\n\r\n",
            .rejects(431), limits: serverLimits
        ),
        ParserSample(
            "request line over the server's limit ending in a bare LF",
            "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\nHost: h\r\n\r\n",
            .rejects(414), limits: serverLimits
        ),
        ParserSample("request line over the limit ending in a bare LF", "GET \(fittingTarget)aa HTTP/1.1\nHost: h\r\n\r\n", .rejects(414)),
        ParserSample("request line at the limit ending in a bare LF", "GET \(fittingTarget) HTTP/1.1\nHost: h\r\n\r\n", .rejects(400)),
        ParserSample("header section over the limit ending in a bare LF", "GET / HTTP/1.1\r\nY: 1\r\n\(fittingHeaders)\n", .rejects(431)),
    ]

    /// The whole corpus.
    static let all = [
        pipelined, targets, keepAlive, emptyLineFirst, fittingRequestLine, headersAtLimit, bodyAtLimit, repeatedLength,
        capitalChunked, spacedChunkSize, expectsContinue, expectsContinueWithoutBody,
    ] + malformedHeads + rejections + segmentationRegressions
}
