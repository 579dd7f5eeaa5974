/// Reads HTTP/1.1 requests (RFC 9112) incrementally from the bytes one connection receives.
///
/// The caller passes every byte it has not yet seen consumed, starting where the last call stopped. While a
/// request head is incomplete nothing is consumed, so the caller keeps those bytes; body bytes are consumed as
/// they arrive. Lines must end with CRLF; one empty line before a request is ignored (RFC 9112 §2.2). Every verdict
/// depends only on the bytes, never on how reads split them.
struct HTTPRequestParser {
    /// The size limits a request must respect.
    struct Limits {
        /// Longest request line, without its CRLF.
        var requestLine: Int
        /// Largest header section (and chunked trailer section), line endings included.
        var headers: Int
        /// Largest body, after chunked decoding.
        var body: Int
    }

    /// How the connection treats the response to a request.
    struct Disposition: Equatable {
        /// The connection stays open after the response.
        var keepAlive: Bool
        /// The request was HEAD: the response goes without its body.
        var isHead: Bool
        /// The request was HTTP/1.0, so keep-alive must be confirmed in the response.
        var isHTTP10: Bool

        /// The disposition of an error response: close afterwards.
        static let closing = Disposition(keepAlive: false, isHead: false, isHTTP10: false)
    }

    /// What one call to `parse` reached.
    enum Step {
        /// The request continues in bytes not received yet.
        case incomplete
        /// A whole request.
        case request(HTTPRequest, Disposition)
        /// The request is refused; the connection must answer the rejection and close.
        case rejected(RequestRejection)
    }

    private struct HeadScan {
        var scanned = 0
        var lineStart = 0
        var lineEnd: Int?
    }

    private enum HeadOutcome {
        case incomplete
        case complete(end: Int, lineStart: Int, lineEnd: Int)
        case rejected(RequestRejection)
    }

    private enum State {
        case head(HeadScan)
        case fixedBody(remaining: Int)
        case chunkedBody(ChunkedBodyDecoder)
    }

    private struct Head {
        var method = ""
        var target = ""
        var headers = HTTPHeaders()
        var disposition = Disposition.closing
        var expectsContinue = false
    }

    /// The limits requests are held to.
    let limits: Limits
    private var state = State.head(HeadScan())
    private var head = Head()
    private var body: [UInt8] = []
    private var continueSent = false

    /// A parser expecting the start of a request.
    init(limits: Limits) {
        self.limits = limits
    }

    /// True before any byte of the next request head has been looked at.
    var isAtRequestStart: Bool {
        if case .head(let scan) = state { return scan.scanned == 0 }
        return false
    }

    /// True while a request's body is being received.
    var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// True when the request being received asked for `100 Continue` and has not been sent it.
    var awaitsContinue: Bool {
        isReadingBody && head.expectsContinue && !continueSent
    }

    /// Records that `100 Continue` was sent for the request being received.
    mutating func noteContinueSent() {
        continueSent = true
    }

    /// Parses from the start of `input`; returns how many bytes were consumed and what was reached.
    mutating func parse(_ input: UnsafeBufferPointer<UInt8>) -> (consumed: Int, step: Step) {
        var consumed = 0
        if case .head(var scan) = state {
            switch scanHead(input, &scan) {
            case .incomplete:
                state = .head(scan)
                return (0, .incomplete)
            case .rejected(let rejection):
                return (0, .rejected(rejection))
            case .complete(let end, let lineStart, let lineEnd):
                if let rejection = startRequest(UnsafeBufferPointer(rebasing: input[..<end]), lineStart: lineStart, lineEnd: lineEnd) {
                    return (0, .rejected(rejection))
                }
                consumed = end
            }
        }
        let rest = UnsafeBufferPointer(rebasing: input[consumed...])
        switch state {
        case .head:
            return (consumed, finish())
        case .fixedBody(let remaining):
            let take = min(remaining, rest.count)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<take]))
            guard take == remaining else {
                state = .fixedBody(remaining: remaining - take)
                return (consumed + take, .incomplete)
            }
            return (consumed + take, finish())
        case .chunkedBody(var decoder):
            let (used, outcome) = decoder.decode(rest, into: &body, maxBody: limits.body, maxTrailers: limits.headers)
            switch outcome {
            case .needMore:
                state = .chunkedBody(decoder)
                return (consumed + used, .incomplete)
            case .done:
                return (consumed + used, finish())
            case .rejected(let rejection):
                return (consumed + used, .rejected(rejection))
            }
        }
    }

    private mutating func finish() -> Step {
        let request = HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body)
        body = []
        state = .head(HeadScan())
        continueSent = false
        return .request(request, head.disposition)
    }

    // Looks for the empty line ending the head, resuming where the last call stopped, and enforces the size limits.
    // Each byte is judged only by the bytes before it, limit first, so the verdict is the same however reads split the head.
    private func scanHead(_ input: UnsafeBufferPointer<UInt8>, _ scan: inout HeadScan) -> HeadOutcome {
        var index = scan.scanned
        while index < input.count {
            let isLineFeed = input[index] == Self.lineFeed
            if let lineEnd = scan.lineEnd {
                // The header section starts after the request line's LF and ends with the empty line's LF, which counts too.
                guard index - (lineEnd + 2) < limits.headers else { return .rejected(.headersTooLarge(limit: limits.headers)) }
            } else {
                // A request line of the longest length has its CR at offset `requestLine` and its LF just after: nothing else goes further.
                guard index - scan.lineStart <= limits.requestLine || (isLineFeed && index - scan.lineStart == limits.requestLine + 1) else {
                    return .rejected(.requestLineTooLong(limit: limits.requestLine))
                }
            }
            if isLineFeed {
                guard index > 0, input[index - 1] == Self.carriageReturn else {
                    return .rejected(.malformed("a line ends with a bare LF; end lines with CRLF"))
                }
                if let lineEnd = scan.lineEnd {
                    if input[index - 2] == Self.lineFeed {
                        return .complete(end: index + 1, lineStart: scan.lineStart, lineEnd: lineEnd)
                    }
                } else if index == 1 && scan.lineStart == 0 {
                    scan.lineStart = 2
                } else {
                    scan.lineEnd = index - 1
                }
            }
            index += 1
        }
        scan.scanned = index
        return .incomplete
    }

    // Parses a complete head (ending with its empty line) and prepares for the body; returns why it is refused, if it is.
    private mutating func startRequest(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Int, lineEnd: Int) -> RequestRejection? {
        var head = Head()
        let isHTTP10: Bool
        switch Self.requestLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])) {
        case .failure(let rejection):
            return rejection
        case .success(let line):
            (head.method, head.target, isHTTP10) = line
        }
        switch Self.fields(UnsafeBufferPointer(rebasing: bytes[(lineEnd + 2)..<(bytes.count - 2)])) {
        case .failure(let rejection):
            return rejection
        case .success(let fields):
            head.headers = HTTPHeaders(fields)
        }
        let framing: Framing
        switch Self.framing(of: head.headers, isHTTP10: isHTTP10) {
        case .failure(let rejection):
            return rejection
        case .success(let found):
            framing = found
        }
        let closes = head.headers.lists("close", in: "Connection")
        let keepAlive = isHTTP10 ? !closes && head.headers.lists("keep-alive", in: "Connection") : !closes
        head.disposition = Disposition(keepAlive: keepAlive, isHead: head.method == "HEAD", isHTTP10: isHTTP10)
        switch framing {
        case .chunked:
            state = .chunkedBody(ChunkedBodyDecoder())
        case .length(let length):
            guard length <= limits.body else { return .bodyTooLarge(limit: limits.body) }
            state = .fixedBody(remaining: length)
            body.reserveCapacity(min(length, 1 << 20))
        }
        head.expectsContinue = !isHTTP10 && framing != .length(0)
            && head.headers.values(named: "Expect").contains { HTTPHeaders.name($0, matches: "100-continue") }
        self.head = head
        return nil
    }

    private static func requestLine(_ line: UnsafeBufferPointer<UInt8>) -> Result<(String, String, Bool), RequestRejection> {
        let shape = RequestRejection.malformed("request line \(RequestRejection.quoted(line)) is not METHOD TARGET HTTP/1.1")
        guard let firstSpace = line.firstIndex(of: space),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: space)
        else { return .failure(shape) }
        let method = UnsafeBufferPointer(rebasing: line[..<firstSpace])
        let target = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let version = UnsafeBufferPointer(rebasing: line[(secondSpace + 1)...])
        let isHTTP10: Bool
        if version.elementsEqual("HTTP/1.1".utf8) {
            isHTTP10 = false
        } else if version.elementsEqual("HTTP/1.0".utf8) {
            isHTTP10 = true
        } else if version.count == 8, version.starts(with: "HTTP/".utf8), isDigit(version[5]), version[6] == UInt8(ascii: "."), isDigit(version[7]) {
            return .failure(.unsupportedVersion(version))
        } else {
            return .failure(shape)
        }
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else {
            return .failure(.malformed("method \(RequestRejection.quoted(method)) is not a token"))
        }
        guard !target.isEmpty, target.allSatisfy({ $0 > space && $0 < 0x7F }) else {
            return .failure(.malformed("request target \(RequestRejection.quoted(target)) contains spaces or control characters"))
        }
        let methodText = String(decoding: method, as: UTF8.self)
        let targetText = String(decoding: target, as: UTF8.self)
        guard target[0] == UInt8(ascii: "/") || (targetText == "*" && methodText == "OPTIONS")
            || HTTPHeaders.name(String(targetText.prefix(7)), matches: "http://")
            || HTTPHeaders.name(String(targetText.prefix(8)), matches: "https://")
        else {
            return .failure(.malformed("request target \(RequestRejection.quoted(target)) is not a path; send a path such as /generate"))
        }
        return .success((methodText, targetText, isHTTP10))
    }

    // Parses the header lines, each ending with CRLF (already checked by scanHead).
    private static func fields(_ section: UnsafeBufferPointer<UInt8>) -> Result<[HTTPHeaders.Field], RequestRejection> {
        var fields: [HTTPHeaders.Field] = []
        fields.reserveCapacity(8)
        var position = 0
        while position < section.count, let lineFeed = section[position...].firstIndex(of: lineFeed) {
            let line = UnsafeBufferPointer(rebasing: section[position..<(lineFeed - 1)])
            position = lineFeed + 1
            if let first = line.first, first == space || first == tab {
                return .failure(.malformed("header line \(RequestRejection.quoted(line)) begins with whitespace (obs-fold); put each header on one line"))
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(.malformed("header line \(RequestRejection.quoted(line)) has no colon"))
            }
            let name = UnsafeBufferPointer(rebasing: line[..<colon])
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
                return .failure(.malformed("header name \(RequestRejection.quoted(name)) is not a token; no spaces before the colon"))
            }
            var valueStart = colon + 1
            var valueEnd = line.count
            while valueStart < valueEnd, line[valueStart] == space || line[valueStart] == tab { valueStart += 1 }
            while valueEnd > valueStart, line[valueEnd - 1] == space || line[valueEnd - 1] == tab { valueEnd -= 1 }
            let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
            guard value.allSatisfy({ $0 == tab || ($0 >= space && $0 != 0x7F) }) else {
                return .failure(.malformed("header \(RequestRejection.quoted(name)) has a control character in its value"))
            }
            fields.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        return .success(fields)
    }

    private enum Framing: Equatable {
        case length(Int)
        case chunked
    }

    // RFC 9112 §6: Transfer-Encoding and Content-Length must not both appear, and Content-Length values must agree.
    private static func framing(of headers: HTTPHeaders, isHTTP10: Bool) -> Result<Framing, RequestRejection> {
        var contentLength: Int?
        var sawTransferEncoding = false
        var chunkedCount = 0
        var endsWithChunked = false
        var unsupportedCoding: String?
        var hostCount = 0
        for field in headers {
            if HTTPHeaders.name(field.name, matches: "Content-Length") {
                for element in field.value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                    guard let length = decimal(HTTPHeaders.trimmed(element)) else {
                        return .failure(.malformed("Content-Length \(RequestRejection.quoted(field.value.utf8)) is not a number"))
                    }
                    if let earlier = contentLength, earlier != length {
                        return .failure(.malformed("Content-Length values differ (\(RequestRejection.quoted(field.value.utf8)) and \(earlier)); send one length"))
                    }
                    contentLength = length
                }
            } else if HTTPHeaders.name(field.name, matches: "Transfer-Encoding") {
                sawTransferEncoding = true
                for element in field.value.utf8.split(separator: UInt8(ascii: ",")) {
                    let coding = String(decoding: HTTPHeaders.trimmed(element), as: UTF8.self)
                    guard !coding.isEmpty else { continue }
                    endsWithChunked = HTTPHeaders.name(coding, matches: "chunked")
                    if endsWithChunked { chunkedCount += 1 } else { unsupportedCoding = unsupportedCoding ?? coding }
                }
            } else if HTTPHeaders.name(field.name, matches: "Host") {
                hostCount += 1
            }
        }
        if hostCount > 1 || (hostCount == 0 && !isHTTP10) {
            return .failure(.malformed(hostCount == 0 ? "HTTP/1.1 request without a Host header; add one" : "more than one Host header; send one"))
        }
        guard sawTransferEncoding else { return .success(.length(contentLength ?? 0)) }
        if contentLength != nil {
            return .failure(.malformed("both Content-Length and Transfer-Encoding are present; send only one"))
        }
        if isHTTP10 {
            return .failure(.malformed("Transfer-Encoding is not allowed in HTTP/1.0; use Content-Length"))
        }
        if let unsupportedCoding {
            return .failure(.unsupportedCoding(unsupportedCoding))
        }
        guard chunkedCount == 1, endsWithChunked else {
            return .failure(.malformed("Transfer-Encoding must be chunked, once"))
        }
        return .success(.chunked)
    }

    // A decimal length; values too large to be accepted become Int.max so that they fail the body limit.
    private static func decimal(_ digits: Substring.UTF8View) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        guard digits.count <= 15 else { return Int.max }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // RFC 9110 §5.6.2 tchar.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")
}
