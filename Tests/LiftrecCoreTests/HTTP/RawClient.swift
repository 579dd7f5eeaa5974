import Glibc
@testable import LiftrecCore
import TestSupport

/// A test-only HTTP client on a raw TCP socket to 127.0.0.1. Reads wait on a thread of their own, never on the
/// cooperative pool; their 60 s receive timeout only keeps a bug from hanging the run. Sends go straight into the
/// kernel's socket buffer, which every request the tests make fits.
// Used by one test task at a time; a read hands the socket to its thread and gets it back when the read returns.
final class RawClient: @unchecked Sendable {
    /// One response as read off the wire.
    struct Response {
        /// The status code.
        let status: Int
        /// Header fields in order.
        let headers: [(name: String, value: String)]
        /// The body, read by Content-Length.
        let body: [UInt8]

        /// The body as text.
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The first value of a header, any case.
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// One piece of a chunked body and when its last byte arrived.
    struct ArrivedChunk {
        /// The chunk's data.
        let bytes: [UInt8]
        /// When it had fully arrived.
        let arrivedAt: ContinuousClock.Instant
    }

    private let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to `port` on 127.0.0.1, or returns nil when the connection is refused.
    init?(port: Int) {
        guard let fd = Loopback.connect(port: port) else { return nil }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Sends text exactly as given.
    func send(_ text: String) {
        send(Array(text.utf8))
    }

    /// Sends bytes exactly as given.
    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Half-closes: the server sees end of input.
    func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads one response (a `100 Continue` counts as one), or nil at EOF or timeout; a HEAD answer has no body to read.
    func readResponse(toHead: Bool = false) async -> Response? {
        await BlockingCall.run { self.receiveResponse(toHead: toHead) }
    }

    /// True when the server closes the connection with no further bytes; false on extra bytes or timeout.
    func readsEndOfStream() async -> Bool {
        await BlockingCall.run { self.receivesEndOfStream() }
    }

    /// Reads a response whose body is chunked or ends at the close, noting when each piece arrived; nil at timeout.
    func readStreamedResponse() async -> (response: Response, chunks: [ArrivedChunk])? {
        await BlockingCall.run { self.receiveStreamedResponse() }
    }

    private func receiveStreamedResponse() -> (response: Response, chunks: [ArrivedChunk])? {
        guard let head = receiveResponse(toHead: true) else { return nil }
        var chunks: [ArrivedChunk] = []
        guard head.header("Transfer-Encoding") == "chunked" else {
            // Without chunked coding the body ends when the server closes; each read is one piece.
            while fill(until: { $0.isEmpty ? nil : $0.count }) != nil {
                chunks.append(ArrivedChunk(bytes: buffer, arrivedAt: .now))
                buffer.removeAll()
            }
            return (head, chunks)
        }
        while true {
            guard let lineEnd = fill(until: { $0.firstRange(of: Array("\r\n".utf8))?.upperBound }),
                  let size = Int(String(decoding: buffer[..<(lineEnd - 2)], as: UTF8.self), radix: 16),
                  fill(until: { $0.count >= lineEnd + size + 2 ? lineEnd + size + 2 : nil }) != nil
            else { return nil }
            let bytes = Array(buffer[lineEnd..<(lineEnd + size)])
            buffer.removeFirst(lineEnd + size + 2)
            if size == 0 { return (head, chunks) }
            chunks.append(ArrivedChunk(bytes: bytes, arrivedAt: .now))
        }
    }

    private func receiveResponse(toHead: Bool) -> Response? {
        guard let headEnd = fill(until: { $0.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound }) else { return nil }
        let lines = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let announced = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let length = toHead ? 0 : announced
        guard fill(until: { $0.count >= headEnd + length ? headEnd + length : nil }) != nil else { return nil }
        let body = Array(buffer[headEnd..<(headEnd + length)])
        buffer.removeFirst(headEnd + length)
        return Response(status: status, headers: headers, body: body)
    }

    private func receivesEndOfStream() -> Bool {
        guard buffer.isEmpty else { return false }
        var byte: UInt8 = 0
        var count = recv(fd, &byte, 1, 0)
        while count < 0 && errno == EINTR { count = recv(fd, &byte, 1, 0) }
        return count == 0
    }

    // Receives until `found` returns an index into the buffer; nil at EOF, error or timeout.
    private func fill(until found: ([UInt8]) -> Int?) -> Int? {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let index = found(buffer) { return index }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
