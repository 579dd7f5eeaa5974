import Glibc
@testable import LiftrecCore
import TestSupport

/// A tiny HTTP/1.1 server on 127.0.0.1 with a port chosen by the kernel, answering canned replies,
/// that records what arrives and counts connections, for testing transports against real sockets.
final class LoopbackServer: @unchecked Sendable {
    /// A canned reply, written as is.
    struct Reply: Sendable {
        var bytes: [UInt8]
        var closeAfter: Bool

        /// A reply framed with Content-Length.
        static func http(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) -> Reply {
            let head = "HTTP/1.1 \(status) Canned\r\n" + headers.map { "\($0.0): \($0.1)\r\n" }.joined()
                + "Content-Length: \(body.count)\r\n\r\n"
            return Reply(bytes: Array(head.utf8) + body, closeAfter: false)
        }

        /// A reply without length whose end is the connection's close.
        static func unframed(body: [UInt8]) -> Reply {
            Reply(bytes: Array("HTTP/1.1 200 Canned\r\nConnection: close\r\n\r\n".utf8) + body, closeAfter: true)
        }
    }

    /// What the server does with each request.
    enum Behaviour: Sendable {
        /// Answers every request with the reply.
        case reply(Reply)
        /// Reads requests and never answers.
        case silent
        /// Holds each request until this many are in flight at once (or 60 s pass), then answers.
        case gather(Int, Reply)
    }

    /// A request as it arrived.
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// Everything observed so far.
    struct State {
        var requests: [Request] = []
        var accepted = 0
        var closed = 0
        var concurrency = Concurrency()
        var gathered = 0
        var stopped = false
        var clients: Set<Int32> = []
    }

    let port: UInt16
    private let behaviour: Behaviour
    private let listener: Int32
    private var state = State()
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Starts listening and accepting.
    init(_ behaviour: Behaviour) {
        self.behaviour = behaviour
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                precondition(bind(listener, raw, length) == 0 && listen(listener, 64) == 0, "cannot listen on 127.0.0.1")
                _ = getsockname(listener, raw, &length)
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        start { [self] in acceptLoop() }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// The URL of `path` on this server.
    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    /// A copy of what has been observed.
    var snapshot: State {
        locked { $0 }
    }

    /// Waits, on a thread of its own rather than the cooperative pool, until `condition` holds or 60 s pass;
    /// returns whether it holds.
    func wait(until condition: @escaping @Sendable (State) -> Bool) async -> Bool {
        await BlockingCall.run { [self] in block(until: condition) }
    }

    /// Stops accepting and unblocks every connection; the server's threads end on their own and keep it alive until then.
    func stop() {
        locked { state in
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for client in state.clients { shutdown(client, Int32(SHUT_RDWR)) }
        }
    }

    /// A sockaddr for 127.0.0.1 at `port`.
    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    // Only ever called on the server's own threads or through `wait(until:)`, never on the cooperative pool.
    private func block(until condition: (State) -> Bool) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += 60
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !condition(state) {
            if pthread_cond_timedwait(changed, mutex, &deadline) == ETIMEDOUT { return condition(state) }
        }
        return true
    }


    private func locked<Result>(_ body: (inout State) -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
        return body(&state)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            let accepted = locked { state -> Bool in
                guard client >= 0, !state.stopped else { return false }
                state.accepted += 1
                state.clients.insert(client)
                return true
            }
            if !accepted {
                if client >= 0 { close(client) }
                if client < 0, errno == EINTR, !snapshot.stopped { continue }
                break
            }
            start { [self] in serve(client) }
        }
        close(listener)
    }

    /// Runs `body` on a new server thread.
    private func start(_ body: @escaping @Sendable () -> Void) {
        do {
            try DetachedThread.start(body)
        } catch {
            preconditionFailure("cannot start a server thread: \(error)")
        }
    }

    private func serve(_ client: Int32) {
        var buffer: [UInt8] = []
        connection: while let request = Self.readRequest(client, &buffer) {
            locked { $0.requests.append(request) }
            switch behaviour {
            case .silent:
                continue
            case .reply(let reply):
                Self.send(client, reply.bytes)
                if reply.closeAfter { break connection }
            case .gather(let count, let reply):
                locked { state in
                    state.concurrency.begin()
                    state.gathered += 1
                }
                _ = block { $0.gathered >= count || $0.stopped }
                Self.send(client, reply.bytes)
                locked { $0.concurrency.end() }
            }
        }
        locked { state in
            state.clients.remove(client)
            state.closed += 1
        }
        close(client)
    }

    private static func send(_ client: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Reads one request from `client`, keeping any bytes after it in `buffer`; nil at end of stream.
    private static func readRequest(_ client: Int32, _ buffer: inout [UInt8]) -> Request? {
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let end = headEnd {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n").map(String.init)
                let requestLine = (lines.first ?? "").split(separator: " ").map(String.init)
                let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
                }
                let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
                let bodyStart = end + separator.count
                if buffer.count >= bodyStart + length {
                    let request = Request(
                        method: requestLine.first ?? "",
                        target: requestLine.dropFirst().first ?? "",
                        headers: headers,
                        body: Array(buffer[bodyStart..<(bodyStart + length)])
                    )
                    buffer.removeFirst(bodyStart + length)
                    return request
                }
            } else if buffer.count >= separator.count,
                      let start = (0...(buffer.count - separator.count)).first(where: { buffer[$0..<($0 + separator.count)].elementsEqual(separator) }) {
                headEnd = start
                continue
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
