import CCurlShim
import Synchronization

/// The production `HTTPTransport`: libcurl loaded on first use, each transfer on its own thread so
/// blocking I/O never occupies the cooperative pool, connections kept for reuse, redirects not followed.
struct CurlTransport: HTTPTransport {
    private let lanes = LanePool()

    /// A transport; libcurl is not touched until the first `send`.
    init() {}

    /// Sends `request` on a dedicated thread; cancelling the calling task aborts the transfer at once.
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        guard ccurl_load() == 1 else { throw .unavailable(library: CCURL_LIBRARY) }
        let transfer = try Transfer(request)
        let lanes = self.lanes
        let result: Result<HTTPClientResponse, TransportError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                do {
                    try DetachedThread.start {
                        continuation.resume(returning: lanes.perform(transfer))
                    }
                } catch {
                    continuation.resume(returning: .failure(.other(url: request.url, code: 0, text: "cannot start a thread: \(error)")))
                }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}

/// An easy handle inside its own multi handle; the multi handle's connection cache survives between
/// transfers, and the multi interface lets another thread wake a waiting transfer to cancel it.
// Used by one transfer at a time, handed between threads only through the pool's lock.
private final class Lane: @unchecked Sendable {
    let easy: OpaquePointer
    let multi: OpaquePointer
    let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CCURL_ERROR_SIZE))

    init?() {
        guard let easy = ccurl_easy_init() else {
            errorText.deallocate()
            return nil
        }
        guard let multi = ccurl_multi_init() else {
            ccurl_easy_cleanup(easy)
            errorText.deallocate()
            return nil
        }
        self.easy = easy
        self.multi = multi
    }

    deinit {
        ccurl_multi_cleanup(multi)
        ccurl_easy_cleanup(easy)
        errorText.deallocate()
    }
}

/// Idle lanes, most recently used first, so a transfer finds the warmest connection.
private final class LanePool: Sendable {
    // Enough for the record command's concurrency with room to spare; more lanes are closed when returned.
    private static let idleLimit = 16
    private let idle = Mutex<[Lane]>([])

    /// Runs `transfer` on an idle or new lane, then keeps the lane for the next transfer.
    func perform(_ transfer: Transfer) -> Result<HTTPClientResponse, TransportError> {
        guard let lane = idle.withLock({ $0.popLast() }) ?? Lane() else {
            return .failure(.other(url: transfer.request.url, code: 0, text: "libcurl could not create a handle"))
        }
        let result = transfer.perform(on: lane)
        idle.withLock { lanes in
            if lanes.count < Self.idleLimit { lanes.append(lane) }
        }
        return result
    }
}

/// One request in flight: its options, what has arrived so far, and its cancellation.
// The received data is touched only by the thread running the transfer (libcurl calls back on it);
// the cancellation state is shared with the cancelling task and guarded by a lock.
private final class Transfer: @unchecked Sendable {
    let request: HTTPClientRequest
    private let headerLines: [String]
    private let cancellation = Mutex<(cancelled: Bool, waiting: OpaquePointer?)>((false, nil))
    private var headers: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    private var arrivals: [BodyArrival] = []
    private var startedAt = ContinuousClock.now
    private var received = 0
    private var exceeded = false

    init(_ request: HTTPClientRequest) throws(TransportError) {
        self.request = request
        var lines: [String] = []
        for (name, value) in request.headers {
            guard Self.isToken(name), value.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else {
                throw .invalidHeader(url: request.url, name: name)
            }
            // libcurl reads "Name:" as "remove this header"; "Name;" sends it empty.
            lines.append(value.isEmpty ? name + ";" : name + ": " + value)
        }
        // Without these libcurl would add `Expect: 100-continue` to larger bodies and a form content
        // type to any POST, so the endpoint sees exactly the caller's headers.
        lines.append("Expect:")
        if !request.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            lines.append("Content-Type:")
        }
        headerLines = lines
    }

    /// Marks the transfer cancelled and wakes its thread if it is waiting for the network.
    func cancel() {
        cancellation.withLock { state in
            state.cancelled = true
            if let multi = state.waiting { _ = ccurl_multi_wakeup(multi) }
        }
    }

    /// Runs the whole exchange on `lane`, blocking this thread until it ends.
    func perform(on lane: Lane) -> Result<HTTPClientResponse, TransportError> {
        var list: OpaquePointer?
        defer { if let list { ccurl_slist_free_all(list) } }
        for line in headerLines {
            guard let appended = ccurl_slist_append(list, line) else {
                return .failure(.other(url: request.url, code: 0, text: "out of memory building headers"))
            }
            list = appended
        }
        guard configure(lane, headers: list) else {
            return .failure(.other(url: request.url, code: 0, text: "libcurl rejected an option; it may be too old"))
        }
        guard ccurl_multi_add_handle(lane.multi, lane.easy) == 0 else {
            return .failure(.other(url: request.url, code: 0, text: "libcurl could not start the transfer"))
        }
        startedAt = .now
        let startable = cancellation.withLock { state in
            state.waiting = lane.multi
            return !state.cancelled
        }
        // Bounded: libcurl ends the transfer at CURLOPT_TIMEOUT_MS, and cancel() wakes the poll.
        var running: Int32 = 1
        var status: Int32 = startable ? ccurl_multi_perform(lane.multi, &running) : 0
        while status == 0, running > 0, !isCancelled {
            status = ccurl_multi_poll(lane.multi, 1000)
            if status == 0 { status = ccurl_multi_perform(lane.multi, &running) }
        }
        let cancelled = cancellation.withLock { state in
            state.waiting = nil
            return state.cancelled
        }
        var code: Int32 = -1
        let finished = ccurl_multi_result(lane.multi, &code) == 1
        _ = ccurl_multi_remove_handle(lane.multi, lane.easy)
        if cancelled { return .failure(.cancelled(url: request.url)) }
        guard finished else {
            return .failure(.other(url: request.url, code: 0, text: "libcurl multi interface error \(status)"))
        }
        return outcome(code: Int(code), lane: lane)
    }

    private var isCancelled: Bool {
        cancellation.withLock { $0.cancelled }
    }

    /// Sets every option of this transfer; false when libcurl rejects one.
    private func configure(_ lane: Lane, headers: OpaquePointer?) -> Bool {
        let easy = lane.easy
        ccurl_easy_reset(easy)
        lane.errorText[0] = 0
        let context = Unmanaged.passUnretained(self).toOpaque()
        let url = request.url.absoluteString
        var codes: [Int32] = [
            ccurl_easy_setopt_pointer(easy, CCURLOPT_URL, url),
            ccurl_easy_setopt_long(easy, CCURLOPT_NOSIGNAL, 1),
            ccurl_easy_setopt_long(easy, CCURLOPT_FOLLOWLOCATION, 0),
            ccurl_easy_setopt_long(easy, CCURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)),
            ccurl_easy_setopt_long(easy, CCURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(min(request.connectTimeout, request.timeout))),
            ccurl_easy_setopt_off_t(easy, CCURLOPT_MAXFILESIZE_LARGE, Int64(max(request.maxResponseBytes, 0))),
            ccurl_easy_setopt_pointer(easy, CCURLOPT_ERRORBUFFER, lane.errorText),
            ccurl_easy_setopt_pointer(easy, CCURLOPT_HTTPHEADER, UnsafeRawPointer(headers)),
            ccurl_easy_setopt_pointer(easy, CCURLOPT_WRITEDATA, context),
            ccurl_easy_setopt_write_callback(easy, CCURLOPT_WRITEFUNCTION) { data, size, count, context in
                Transfer.deliver(data, size * count, to: context, isHeader: false)
            },
            ccurl_easy_setopt_pointer(easy, CCURLOPT_HEADERDATA, context),
            ccurl_easy_setopt_write_callback(easy, CCURLOPT_HEADERFUNCTION) { data, size, count, context in
                Transfer.deliver(data, size * count, to: context, isHeader: true)
            },
        ]
        // Without CAINFO libcurl uses its built-in bundle; it reads no CA variable itself, unlike the curl tool.
        if let caBundle = request.caBundle {
            codes.append(ccurl_easy_setopt_pointer(easy, CCURLOPT_CAINFO, caBundle))
        }
        switch request.method {
        case .get:
            codes.append(ccurl_easy_setopt_long(easy, CCURLOPT_HTTPGET, 1))
        case .post:
            codes.append(ccurl_easy_setopt_long(easy, CCURLOPT_POST, 1))
            codes.append(ccurl_easy_setopt_off_t(easy, CCURLOPT_POSTFIELDSIZE_LARGE, Int64(request.body.count)))
            // COPYPOSTFIELDS copies, so the body need not outlive this call. An empty body still needs a
            // non-null pointer: with none, libcurl would read the body from stdin.
            codes.append(request.body.isEmpty
                ? ccurl_easy_setopt_pointer(easy, CCURLOPT_COPYPOSTFIELDS, "")
                : request.body.withUnsafeBytes { ccurl_easy_setopt_pointer(easy, CCURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
        }
        return codes.allSatisfy { $0 == 0 }
    }

    /// The libcurl callback body: stores `count` bytes, or returns 0 (which aborts the transfer) past the size limit.
    private static func deliver(_ data: UnsafeMutablePointer<CChar>?, _ count: Int, to context: UnsafeMutableRawPointer?, isHeader: Bool) -> Int {
        guard let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : count)
        return transfer.receive(bytes, isHeader: isHeader) ? count : 0
    }

    private func receive(_ bytes: UnsafeRawBufferPointer, isHeader: Bool) -> Bool {
        received += bytes.count
        guard received <= request.maxResponseBytes else {
            exceeded = true
            return false
        }
        guard isHeader else {
            body.append(contentsOf: bytes)
            // libcurl calls back as bytes arrive, so this is when the piece came; a stream's events take their offsets from it.
            let elapsed = (ContinuousClock.now - startedAt).components
            arrivals.append(BodyArrival(end: body.count, offsetMs: Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15))
            return true
        }
        // Trimmed as bytes: as a String, "\r\n" is one Character, which neither "\r" nor "\n" matches.
        let end = bytes.lastIndex { !"\r\n \t".utf8.contains($0) }.map { $0 + 1 } ?? 0
        let line = String(decoding: bytes[..<end], as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new status line starts a new header block (after 100 Continue, say): forget the earlier one.
            headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            headers.append((String(line[..<colon]), String(value)))
        }
        return true
    }

    /// Turns libcurl's result code into the response or the matching error.
    private func outcome(code: Int, lane: Lane) -> Result<HTTPClientResponse, TransportError> {
        let url = request.url
        if exceeded || code == CCURLE_FILESIZE_EXCEEDED {
            return .failure(.tooLarge(url: url, limit: request.maxResponseBytes))
        }
        let detail = lane.errorText[0] == 0 ? "libcurl error \(code)" : String(cString: lane.errorText)
        switch code {
        case CCURLE_OK:
            var status = 0
            _ = ccurl_easy_getinfo_long(lane.easy, CCURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPClientResponse(status: status, headers: headers, body: body, arrivals: arrivals))
        case CCURLE_COULDNT_RESOLVE_HOST, CCURLE_COULDNT_RESOLVE_PROXY:
            return .failure(.dns(url: url, detail: detail))
        case CCURLE_COULDNT_CONNECT:
            return .failure(.refused(url: url, detail: detail))
        case CCURLE_OPERATION_TIMEDOUT:
            var connectTime: Int64 = 0
            _ = ccurl_easy_getinfo_off_t(lane.easy, CCURLINFO_CONNECT_TIME_T, &connectTime)
            if connectTime == 0, request.connectTimeout < request.timeout {
                return .failure(.connectTimeout(url: url, seconds: request.connectTimeout))
            }
            return .failure(.timeout(url: url, seconds: request.timeout))
        case _ where Self.tlsCodes.contains(code):
            return .failure(.tls(url: url, detail: detail))
        default:
            return .failure(.other(url: url, code: code, text: detail))
        }
    }

    private static let tlsCodes: Set<Int> = Set([
        CCURLE_SSL_CONNECT_ERROR, CCURLE_SSL_ENGINE_NOTFOUND, CCURLE_SSL_ENGINE_SETFAILED, CCURLE_SSL_CERTPROBLEM,
        CCURLE_SSL_CIPHER, CCURLE_PEER_FAILED_VERIFICATION, CCURLE_USE_SSL_FAILED, CCURLE_SSL_ENGINE_INITFAILED,
        CCURLE_SSL_CACERT_BADFILE, CCURLE_SSL_SHUTDOWN_FAILED, CCURLE_SSL_CRL_BADFILE, CCURLE_SSL_ISSUER_ERROR,
        CCURLE_SSL_PINNEDPUBKEYNOTMATCH, CCURLE_SSL_INVALIDCERTSTATUS, CCURLE_SSL_CLIENTCERT,
    ])

    /// Seconds as libcurl's milliseconds, at least 1 (0 would mean "no limit") and at most a 32-bit count.
    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds > 0.001 else { return 1 }
        return seconds * 1000 < Double(Int32.max) ? Int(seconds * 1000) : Int(Int32.max)
    }

    /// True for a non-empty RFC 9110 token, which is what a header name must be.
    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
