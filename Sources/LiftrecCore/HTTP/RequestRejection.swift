/// Why the server refuses a request before it reaches the handler: the status to answer and what to tell the client.
struct RequestRejection: Error, Equatable {
    /// The status code of the error response.
    let status: Int
    /// The text of the response's `{"error": …}` body.
    let message: String

    /// The error response, which closes the connection.
    var response: HTTPResponse {
        .error(status: status, message: message)
    }

    /// A request that breaks HTTP/1.1 syntax or framing (400).
    static func malformed(_ problem: String) -> RequestRejection {
        RequestRejection(status: 400, message: "malformed request: \(problem)")
    }

    /// The request line is over the limit (414).
    static func requestLineTooLong(limit: Int) -> RequestRejection {
        RequestRejection(status: 414, message: "request line longer than \(limit) bytes; shorten the URL")
    }

    /// The header section (or chunked trailer section) is over the limit (431).
    static func headersTooLarge(limit: Int) -> RequestRejection {
        RequestRejection(status: 431, message: "request headers larger than \(limit) bytes; send fewer or shorter headers")
    }

    /// The body is over the limit (413).
    static func bodyTooLarge(limit: Int) -> RequestRejection {
        RequestRejection(status: 413, message: "request body larger than \(limit) bytes; send a smaller body")
    }

    /// The request head did not arrive in time (408).
    static func headerTimeout(_ limit: Duration) -> RequestRejection {
        RequestRejection(status: 408, message: "request head not complete within \(limit); send the whole head at once")
    }

    /// The body stopped arriving (408).
    static func bodyTimeout(_ limit: Duration) -> RequestRejection {
        RequestRejection(status: 408, message: "request body stalled for \(limit); send the body without pauses")
    }

    /// A well-formed but unsupported HTTP version (505).
    static func unsupportedVersion(_ version: UnsafeBufferPointer<UInt8>) -> RequestRejection {
        RequestRejection(status: 505, message: "HTTP version \(quoted(version)) is not supported; use HTTP/1.1")
    }

    /// A transfer coding other than chunked (501).
    static func unsupportedCoding(_ coding: String) -> RequestRejection {
        RequestRejection(status: 501, message: "transfer coding \(quoted(Array(coding.utf8))) is not supported; send the body with Content-Length or chunked")
    }

    /// Request bytes as a short printable quotation: at most 40 bytes, anything unprintable as `\xNN`.
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var text = "\""
        for byte in bytes.prefix(40) {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x"
                text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return text + (bytes.count > 40 ? "…\"" : "\"")
    }
}
