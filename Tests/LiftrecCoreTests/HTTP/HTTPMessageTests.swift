import Testing
@testable import LiftrecCore

@Suite struct HTTPMessageTests {
    static func wire(_ response: HTTPResponse, omitBody: Bool = false, connection: HTTPResponse.ConnectionHeader = .none) -> String {
        var output: [UInt8] = []
        response.serialize(into: &output, omitBody: omitBody, connection: connection)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func headersKeepOrderAndIgnoreCase() {
        var headers: HTTPHeaders = ["Content-Type": "a", "X-Multi": "1"]
        headers.append(name: "x-multi", value: "2")
        #expect(headers["content-TYPE"] == "a")
        #expect(headers.values(named: "X-MULTI") == ["1", "2"])
        #expect(headers["missing"] == nil)
        #expect(headers.map(\.name) == ["Content-Type", "X-Multi", "x-multi"])
        let connection: HTTPHeaders = ["Connection": "keep-alive ,  Close"]
        #expect(connection.lists("close", in: "connection"))
        #expect(!connection.lists("clos", in: "connection"))
    }

    @Test func requestSplitsPathAndQuery() {
        #expect(HTTPRequest(method: "GET", target: "/p?a=1?b").query == "a=1?b")
        #expect(HTTPRequest(method: "GET", target: "/p?").query == "")
        #expect(HTTPRequest(method: "GET", target: "https://h/x?y").path == "/x")
        #expect(HTTPRequest(method: "GET", target: "http://h?y").path == "/")
    }

    @Test func serializesWithTheServersOwnFraming() {
        var response = HTTPResponse.json(status: 201, body: Array("{}".utf8))
        response.headers.append(name: "content-length", value: "99")
        response.headers.append(name: "Transfer-Encoding", value: "chunked")
        response.headers.append(name: "X-Evil", value: "a\r\nInjected: yes")
        #expect(Self.wire(response) == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Evil: a  Injected: yes\r\nContent-Length: 2\r\n\r\n{}")
        #expect(Self.wire(response, omitBody: true, connection: .keepAlive).hasSuffix("Connection: keep-alive\r\nContent-Length: 2\r\n\r\n"))
        #expect(Self.wire(HTTPResponse(status: 204, body: [1])) == "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(Self.wire(HTTPResponse(status: 42)) == "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
        #expect(Self.wire(HTTPResponse(status: 200, body: Array(repeating: 0, count: 1234567)), omitBody: true).contains("Content-Length: 1234567\r\n"))
    }

    @Test func errorResponsesCarryEscapedJSONAndClose() {
        let response = HTTPResponse.error(status: 400, message: "bad \"x\"\\\n\u{01}")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"error\": \"bad \\\"x\\\"\\\\\\n\\u0001\"}")
        #expect(response.asksToClose)
        #expect(response.reason == "Bad Request")
        #expect(RequestRejection.quoted(Array("a\"\u{00}".utf8)) == "\"a\\x22\\x00\"")
    }
}
