/// One HTTP response a handler gives; the server adds `Content-Length` and `Connection` itself.
struct HTTPResponse: Sendable {
    /// The status code; anything outside 200...599 is sent as 500.
    var status: Int
    /// The reason phrase sent after the status code.
    var reason: String
    /// Header fields; `Content-Length`, `Transfer-Encoding` and `Connection` are set by the server
    /// (a `Connection: close` given here closes the connection after this response).
    var headers: HTTPHeaders
    /// The body bytes; a streamed response sends them as a first chunk, due at once.
    var body: [UInt8]
    /// When set, the body is sent over time as these pieces, in order, each at its offset, without a length:
    /// chunked for HTTP/1.1 clients, and ended by closing the connection for HTTP/1.0 ones.
    var chunks: [ResponseChunk]?

    /// A response with the standard reason phrase for `status` unless one is given.
    init(status: Int, reason: String? = nil, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.reason = reason ?? Self.reasonPhrase(for: status)
        self.headers = headers
        self.body = body
    }

    /// A response whose body is JSON text, with `Content-Type: application/json`.
    static func json(status: Int = 200, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A JSON error response `{"error": "<message>"}` that closes the connection.
    static func error(status: Int, message: String) -> HTTPResponse {
        // The space after the colon is how the endpoint's own (Python) error bodies look.
        var response = json(status: status, body: Array("{\"error\": ".utf8) + JSONWriter.compact(.string(message)) + [UInt8(ascii: "}")])
        response.headers.append(name: "Connection", value: "close")
        return response
    }

    /// The standard reason phrase for a status code, or "Unknown".
    static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }

    /// How the response's `Connection` header is written.
    enum ConnectionHeader {
        /// No header: HTTP/1.1 keep-alive.
        case none
        /// `Connection: close`.
        case close
        /// `Connection: keep-alive`, for HTTP/1.0 clients that asked for it.
        case keepAlive
    }

    /// True when the handler asked for the connection to close after this response.
    var asksToClose: Bool {
        headers.lists("close", in: "Connection")
    }

    /// True when the body goes out as timed chunks rather than at once.
    var isStreamed: Bool {
        chunks != nil && bodyAllowed
    }

    private var code: Int {
        (200...599).contains(status) ? status : 500
    }

    private var bodyAllowed: Bool {
        code != 204 && code != 304
    }

    /// Appends the response's wire form; `omitBody` is for HEAD requests (the length is still announced).
    /// A streamed response gets only its head here, announcing chunked coding when `chunked`; its body follows
    /// through `appendChunk` and `appendLastChunk`.
    func serialize(into output: inout [UInt8], omitBody: Bool, connection: ConnectionHeader, chunked: Bool = false) {
        output.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(code, to: &output)
        output.append(UInt8(ascii: " "))
        Self.appendFieldText(code == status ? reason : Self.reasonPhrase(for: code), to: &output)
        output.append(contentsOf: "\r\n".utf8)
        for field in headers where !Self.isFraming(field.name) {
            Self.appendFieldText(field.name, to: &output)
            output.append(contentsOf: ": ".utf8)
            Self.appendFieldText(field.value, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        switch connection {
        case .none: break
        case .close: output.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        if isStreamed {
            if chunked { output.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8) }
            output.append(contentsOf: "\r\n".utf8)
            return
        } else if bodyAllowed {
            output.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(body.count, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
        if bodyAllowed && !omitBody {
            output.append(contentsOf: body)
        }
    }

    /// Appends `bytes` as one piece of a streamed body: a chunk when `chunked`, else the bytes as they are.
    static func appendChunk(_ bytes: [UInt8], chunked: Bool, to output: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        guard chunked else { return output.append(contentsOf: bytes) }
        output.append(contentsOf: String(bytes.count, radix: 16).utf8)
        output.append(contentsOf: "\r\n".utf8)
        output.append(contentsOf: bytes)
        output.append(contentsOf: "\r\n".utf8)
    }

    /// Appends the end of a chunked body.
    static func appendLastChunk(to output: inout [UInt8]) {
        output.append(contentsOf: "0\r\n\r\n".utf8)
    }

    private static func isFraming(_ name: String) -> Bool {
        HTTPHeaders.name(name, matches: "Content-Length") || HTTPHeaders.name(name, matches: "Transfer-Encoding")
            || HTTPHeaders.name(name, matches: "Connection")
    }

    // Control characters would let a header value end the line and inject fields of its own.
    private static func appendFieldText(_ text: String, to output: inout [UInt8]) {
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            output.append(contentsOf: text.utf8.map { $0 < 0x20 || $0 == 0x7F ? UInt8(ascii: " ") : $0 })
        } else {
            output.append(contentsOf: text.utf8)
        }
    }

    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        let value = max(value, 0)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var remaining = value
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(remaining / divisor))
            remaining %= divisor
            divisor /= 10
        } while divisor > 0
    }
}
