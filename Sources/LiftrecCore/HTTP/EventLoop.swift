import CLinux
import Glibc
import Synchronization

/// One thread's epoll loop: accepts connections, parses requests, calls the handler and writes responses in request order.
///
/// `@unchecked Sendable` because responders and other loops reach it from their threads: they only call `deliver` and
/// `adopt`, which post to the lock-protected mailbox and wake the loop through an eventfd. Every other member is used
/// on the loop's thread.
final class EventLoop: @unchecked Sendable {
    /// Names the request a responder answers.
    struct Ticket: Sendable {
        /// The connection's socket.
        let fd: Int32
        /// The connection's identity, so an answer never reaches a later connection on the same descriptor.
        let connectionID: UInt64
        /// The request's position on its connection.
        let sequence: UInt64
    }

    /// The configuration in the loop's units.
    struct Settings {
        /// Request size limits.
        let limits: HTTPRequestParser.Limits
        /// Time allowed for a request head, for messages.
        let headerTimeout: Duration
        /// Time allowed without progress, for messages.
        let idleTimeout: Duration
        /// `headerTimeout` in nanoseconds.
        let headerNanoseconds: UInt64
        /// `idleTimeout` in nanoseconds.
        let idleNanoseconds: UInt64
        /// Time `stop()` waits for responses in flight, in nanoseconds.
        let stopNanoseconds: UInt64
        /// How long a closing connection drains unread input, in nanoseconds.
        let lingerNanoseconds: UInt64
        /// How often deadlines are checked, in nanoseconds.
        let tickNanoseconds: UInt64
        /// Connections allowed, for the refusal message.
        let maxConnections: Int

        /// The settings of a validated configuration.
        init(_ configuration: HTTPServerConfiguration) {
            limits = HTTPRequestParser.Limits(
                requestLine: configuration.maxRequestLineBytes,
                headers: configuration.maxHeaderBytes,
                body: configuration.maxBodyBytes
            )
            headerTimeout = configuration.headerTimeout
            idleTimeout = configuration.idleTimeout
            headerNanoseconds = Self.nanoseconds(configuration.headerTimeout)
            idleNanoseconds = Self.nanoseconds(configuration.idleTimeout)
            stopNanoseconds = Self.nanoseconds(configuration.stopTimeout)
            lingerNanoseconds = min(2_000_000_000, idleNanoseconds)
            // Deadlines are checked by a periodic sweep: a few sweeps per shortest timeout keep them accurate enough.
            tickNanoseconds = min(max(min(headerNanoseconds, idleNanoseconds) / 8, 1_000_000), 250_000_000)
            maxConnections = configuration.maxConnections
        }

        private static func nanoseconds(_ duration: Duration) -> UInt64 {
            let (seconds, attoseconds) = duration.components
            return UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
        }
    }

    private struct Delivery {
        let ticket: Ticket
        let response: HTTPResponse
    }

    private struct Mailbox {
        var deliveries: [Delivery] = []
        /// Connections another loop accepted and handed to this one.
        var adopted: [Int32] = []
        var stopRequested = false
        var isOpen = true
    }

    private static let listenerToken = UInt64.max
    private static let wakeToken = UInt64.max - 1
    private static let maxEvents = 256
    private static let readBufferSize = 64 << 10
    // Pipelined requests a connection may have unanswered before we stop reading from it.
    private static let maxPendingRequests = 32
    // Unwritten response bytes above which we stop reading from a connection that does not read its answers.
    private static let outputHighWater = 1 << 20
    private static let acceptBatch = 16
    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private let epoll: Int32
    private let wake: Int32
    private let lifecycle: ServerLifecycle
    private let balancer: ConnectionBalancer
    private let slot: Int
    private let settings: Settings
    private let handler: HTTPServer.Handler
    private let refusal: [UInt8]
    private let thread = Atomic<UInt>(0)
    private let mailbox = Mutex(Mailbox())
    // Bound to UInt8 once, when allocated, so the bytes recv writes are read as the UInt8 they are.
    private let readBuffer: UnsafeMutableBufferPointer<UInt8>
    private let events: UnsafeMutableBufferPointer<epoll_event>

    private var connections: [Connection?] = []
    private var openConnections = 0
    private var dirty: [Connection] = []
    private var servicing: [Connection] = []
    // Connections writing a streamed response, so their next pieces wake the loop on time.
    private var streaming: [Connection] = []
    private var nextConnectionID: UInt64 = 0
    private var now: UInt64 = 0
    private var nextTick: UInt64 = 0
    private var stopping = false
    private var stopDeadline: UInt64 = 0
    private var acceptingPaused = false

    /// A loop accepting from the lifecycle's listener and answering with `handler`, sharing connections with the
    /// other loops through `balancer`, in which it is `slot`.
    init(
        lifecycle: ServerLifecycle, balancer: ConnectionBalancer, slot: Int, settings: Settings, handler: @escaping HTTPServer.Handler
    ) throws(ServerError) {
        let epoll = LinuxCalls.makeEpoll()
        guard epoll >= 0 else { throw .systemCall("epoll_create1", errno: errno) }
        let wake = LinuxCalls.makeEventFD()
        guard wake >= 0 else {
            let code = errno
            close(epoll)
            throw .systemCall("eventfd", errno: code)
        }
        guard LinuxCalls.add(lifecycle.listener, to: epoll, events: LinuxCalls.epollIn | LinuxCalls.epollExclusive, token: Self.listenerToken),
              LinuxCalls.add(wake, to: epoll, events: LinuxCalls.epollIn, token: Self.wakeToken)
        else {
            let code = errno
            close(epoll)
            close(wake)
            throw .systemCall("epoll_ctl", errno: code)
        }
        self.epoll = epoll
        self.wake = wake
        self.lifecycle = lifecycle
        self.balancer = balancer
        self.slot = slot
        self.settings = settings
        self.handler = handler
        var refusal: [UInt8] = []
        var refused = HTTPResponse.error(status: 503, message: "the server is at its limit of \(settings.maxConnections) connections, none of them idle; retry shortly")
        refused.headers.append(name: "Retry-After", value: "1")
        refused.serialize(into: &refusal, omitBody: false, connection: .close)
        self.refusal = refusal
        readBuffer = .allocate(capacity: Self.readBufferSize)
        events = .allocate(capacity: Self.maxEvents)
    }

    deinit {
        close(epoll)
        close(wake)
        readBuffer.deallocate()
        events.deallocate()
    }

    // MARK: - Other threads

    /// Asks the loop to stop gracefully; safe from any thread.
    func requestStop() {
        mailbox.withLock { $0.stopRequested = true }
        signalWake()
    }

    /// Gives the response for the request `ticket` names; safe from any thread, ignored once the connection is gone.
    func deliver(_ response: HTTPResponse, for ticket: Ticket) {
        if thread.load(ordering: .relaxed) == pthread_self() {
            deliverOnLoop(response, for: ticket)
            return
        }
        let needsWake = mailbox.withLock { mailbox -> Bool in
            guard mailbox.isOpen else { return false }
            mailbox.deliveries.append(Delivery(ticket: ticket, response: response))
            return mailbox.deliveries.count + mailbox.adopted.count == 1
        }
        if needsWake { signalWake() }
    }

    /// Takes over a connection another loop accepted; false when this loop has finished, and the caller keeps it.
    func adopt(_ fd: Int32) -> Bool {
        let (taken, needsWake) = mailbox.withLock { mailbox -> (Bool, Bool) in
            guard mailbox.isOpen else { return (false, false) }
            mailbox.adopted.append(fd)
            return (true, mailbox.deliveries.count + mailbox.adopted.count == 1)
        }
        if needsWake { signalWake() }
        return taken
    }

    private func signalWake() {
        var one: UInt64 = 1
        _ = write(wake, &one, 8)
    }

    // MARK: - The loop

    /// Runs until stopped; call on the loop's own thread.
    func run() {
        thread.store(pthread_self(), ordering: .relaxed)
        now = Self.monotonicNow()
        nextTick = now + settings.tickNanoseconds
        while !stopping || (openConnections > 0 && now < stopDeadline) {
            let count = LinuxCalls.wait(epoll, into: events, timeoutMilliseconds: waitTimeout())
            now = Self.monotonicNow()
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(count, 0) {
                handle(events[index].events, token: events[index].data.u64)
            }
            if now >= nextTick { sweep() }
            if !streaming.isEmpty { wakeStreams() }
            serviceDirty()
        }
        finish()
    }

    private func waitTimeout() -> Int32 {
        guard dirty.isEmpty else { return 0 }
        var until = stopping ? min(nextTick, stopDeadline) : nextTick
        for connection in streaming {
            if let stream = connection.stream, !connection.isClosed { until = min(until, stream.nextDue) }
        }
        return Int32((until - min(until, now) + 999_999) / 1_000_000)
    }

    private func handle(_ flags: UInt32, token: UInt64) {
        switch token {
        case Self.listenerToken:
            acceptConnections()
        case Self.wakeToken:
            readMailbox()
        default:
            guard token < UInt64(connections.count), let connection = connections[Int(token)] else { return }
            if flags & (LinuxCalls.epollError | LinuxCalls.epollHangUp) != 0 {
                drop(connection)
            } else {
                if flags & LinuxCalls.epollIn != 0 { readable(connection) }
                if flags & LinuxCalls.epollOut != 0 { markDirty(connection) }
            }
        }
    }

    private func finish() {
        for connection in connections.compactMap({ $0 }) { drop(connection) }
        if !stopping {
            if !acceptingPaused { _ = LinuxCalls.remove(lifecycle.listener, from: epoll) }
            lifecycle.releaseListener()
        }
        let orphans = mailbox.withLock { mailbox in
            mailbox.isOpen = false
            mailbox.deliveries.removeAll()
            defer { mailbox.adopted.removeAll() }
            return mailbox.adopted
        }
        for fd in orphans { abandon(fd) }
        balancer.leave(slot: slot)
        lifecycle.loopFinished()
    }

    private static func monotonicNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    // MARK: - Accepting

    private func acceptConnections() {
        for _ in 0..<Self.acceptBatch {
            let fd = LinuxCalls.accept(lifecycle.listener)
            if fd < 0 {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    // Out of descriptors: stop watching the listener until the next sweep instead of spinning on it.
                    acceptingPaused = LinuxCalls.remove(lifecycle.listener, from: epoll)
                }
                return
            }
            // At the cap, an idle keep-alive connection gives way to the new client: a pool of idle connections must
            // not lock everyone else out until it times out.
            guard lifecycle.reserveConnection() || (dropLeastRecentlyUsedIdle() && lifecycle.reserveConnection()) else {
                refuse(fd)
                continue
            }
            guard let owner = balancer.assign(from: slot), owner !== self else {
                register(fd)
                continue
            }
            if !owner.adopt(fd) {
                Glibc.close(fd)
                lifecycle.releaseConnection()
            }
        }
    }

    // Starts serving a connection this loop accepted or adopted, already counted by the lifecycle and the balancer.
    private func register(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard LinuxCalls.add(fd, to: epoll, events: LinuxCalls.epollIn, token: UInt64(fd)) else {
            abandon(fd)
            return
        }
        nextConnectionID += 1
        let connection = Connection(fd: fd, id: nextConnectionID, limits: settings.limits, now: now, interest: LinuxCalls.epollIn)
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count))
        }
        connections[Int(fd)] = connection
        openConnections += 1
    }

    // Closes this loop's idle keep-alive connection that has waited longest for its next request; false when it has none.
    private func dropLeastRecentlyUsedIdle() -> Bool {
        var oldest: Connection?
        for case let connection? in connections where connection.phase == .open && connection.hasReceivedRequest
            && connection.slots.isEmpty && connection.stream == nil && connection.unsentCount == 0 && connection.input.isEmpty
            && !connection.parser.isReadingBody {
            if oldest.map({ connection.lastActivity < $0.lastActivity }) ?? true { oldest = connection }
        }
        guard let oldest else { return false }
        drop(oldest)
        return true
    }

    // Closes a counted connection that never started being served.
    private func abandon(_ fd: Int32) {
        Glibc.close(fd)
        lifecycle.releaseConnection()
        balancer.release(slot: slot)
    }

    // Over the connection limit: answer 503 without keeping any state, having drained what the client already sent
    // so that the close does not become a reset.
    private func refuse(_ fd: Int32) {
        _ = recv(fd, readBuffer.baseAddress, readBuffer.count, Int32(MSG_DONTWAIT))
        _ = refusal.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        shutdown(fd, Int32(SHUT_WR))
        Glibc.close(fd)
    }

    // MARK: - Reading and parsing

    private func readable(_ connection: Connection) {
        switch connection.phase {
        case .lingering:
            discardInput(connection)
            return
        case .closing:
            return
        case .open:
            break
        }
        for _ in 0..<4 {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 {
                connection.lastActivity = now
                receive(UnsafeBufferPointer(rebasing: readBuffer[..<count]), on: connection)
                if connection.phase != .open || connection.parsePaused || count < readBuffer.count { break }
            } else if count == 0 {
                connection.peerClosed = true
                connection.input = []
                connection.phase = .closing
                break
            } else if errno != EINTR {
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                drop(connection)
                return
            }
        }
        // Written now, not after every other ready connection is read: the reply leaves a whole batch earlier.
        service(connection)
    }

    private func discardInput(_ connection: Connection) {
        for _ in 0..<4 {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            drop(connection)
            return
        }
    }

    // Parses straight from the read buffer when nothing is left over, so the common case copies only what it keeps.
    private func receive(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) {
        guard connection.input.isEmpty else {
            connection.input.append(contentsOf: bytes)
            parseInput(connection)
            return
        }
        if connection.parser.isAtRequestStart && connection.hasReceivedRequest {
            connection.headStartedAt = now
        }
        let (consumed, rejection) = parse(bytes, on: connection)
        if let rejection {
            reject(connection, rejection)
        } else if connection.phase == .open && consumed < bytes.count {
            connection.input.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[consumed...]))
        }
    }

    private func parseInput(_ connection: Connection) {
        let (consumed, rejection) = connection.input.withUnsafeBufferPointer { parse($0, on: connection) }
        if let rejection {
            reject(connection, rejection)
        } else if connection.phase != .open || consumed == connection.input.count {
            connection.input.removeAll(keepingCapacity: connection.input.capacity <= 16 << 10)
        } else if consumed > 0 {
            connection.input.removeFirst(consumed)
        }
    }

    // Must not touch `connection.input`: the bytes may be its storage.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>, on connection: Connection) -> (consumed: Int, rejection: RequestRejection?) {
        var offset = 0
        // Each pass either consumes a whole request (at least one byte) or returns.
        for _ in 0...bytes.count {
            guard connection.phase == .open else { break }
            guard canParse(connection) else {
                connection.parsePaused = true
                return (offset, nil)
            }
            let (used, step) = connection.parser.parse(UnsafeBufferPointer(rebasing: bytes[offset...]))
            offset += used
            switch step {
            case .incomplete:
                connection.parsePaused = false
                return (offset, nil)
            case .rejected(let rejection):
                return (offset, rejection)
            case .request(let request, let disposition):
                connection.hasReceivedRequest = true
                connection.headStartedAt = now
                if !disposition.keepAlive { connection.phase = .closing }
                dispatch(request, disposition, on: connection)
            }
        }
        return (offset, nil)
    }

    private func canParse(_ connection: Connection) -> Bool {
        connection.phase == .open && connection.slots.count < Self.maxPendingRequests
            && connection.unsentCount < Self.outputHighWater
    }

    private func dispatch(_ request: HTTPRequest, _ disposition: HTTPRequestParser.Disposition, on connection: Connection) {
        let ticket = Ticket(fd: connection.fd, connectionID: connection.id, sequence: connection.nextSequence)
        connection.slots.append(Connection.Slot(response: nil, disposition: disposition))
        handler(request, HTTPResponder(loop: self, ticket: ticket))
        drainReadySlots(connection)
    }

    private func reject(_ connection: Connection, _ rejection: RequestRejection) {
        connection.input = []
        connection.slots.append(Connection.Slot(response: rejection.response, disposition: .closing))
        connection.phase = .closing
        markDirty(connection)
    }

    // MARK: - Answering

    private func readMailbox() {
        var count: UInt64 = 0
        _ = read(wake, &count, 8)
        let (deliveries, adopted, stopRequested) = mailbox.withLock { mailbox in
            defer {
                mailbox.deliveries.removeAll()
                mailbox.adopted.removeAll()
            }
            return (mailbox.deliveries, mailbox.adopted, mailbox.stopRequested)
        }
        for fd in adopted {
            // A stopping loop takes no new work; the client sees the close it would have seen at the listener.
            if stopping { abandon(fd) } else { register(fd) }
        }
        for delivery in deliveries {
            deliverOnLoop(delivery.response, for: delivery.ticket)
        }
        if stopRequested && !stopping { beginStop() }
    }

    private func deliverOnLoop(_ response: HTTPResponse, for ticket: Ticket) {
        guard Int(ticket.fd) < connections.count, let connection = connections[Int(ticket.fd)],
              connection.id == ticket.connectionID, ticket.sequence >= connection.firstSequence,
              ticket.sequence - connection.firstSequence < UInt64(connection.slots.count)
        else { return }
        let index = Int(ticket.sequence - connection.firstSequence)
        guard connection.slots[index].response == nil else { return }
        connection.slots[index].response = response
        markDirty(connection)
    }

    // Serializes answered responses from the front of the queue, so a later answer waits for every earlier one.
    private func drainReadySlots(_ connection: Connection) {
        guard advanceStream(connection) else { return }
        while let first = connection.slots.first, let response = first.response {
            connection.slots.removeFirst()
            connection.firstSequence += 1
            let streams = response.isStreamed && !first.disposition.isHead
            // An HTTP/1.0 client has no chunked coding, so its stream ends by closing the connection.
            let closes = !first.disposition.keepAlive || response.asksToClose || (stopping && connection.slots.isEmpty)
                || (streams && first.disposition.isHTTP10)
            let header: HTTPResponse.ConnectionHeader = closes ? .close : first.disposition.isHTTP10 ? .keepAlive : .none
            let chunked = response.isStreamed && !first.disposition.isHTTP10
            response.serialize(into: &connection.output, omitBody: first.disposition.isHead, connection: header, chunked: chunked)
            if streams {
                let leading = response.body.isEmpty ? [] : [ResponseChunk(offsetNanoseconds: 0, bytes: response.body)]
                connection.stream = Connection.Stream(chunks: leading + (response.chunks ?? []), startedAt: now, chunked: chunked)
            }
            if closes {
                connection.phase = .closing
                connection.firstSequence += UInt64(connection.slots.count)
                connection.slots.removeAll()
                _ = advanceStream(connection)
                return
            }
            guard advanceStream(connection) else { return }
        }
        if connection.slots.isEmpty && connection.phase == .open && connection.parser.awaitsContinue {
            connection.output.append(contentsOf: Self.continueResponse)
            connection.parser.noteContinueSent()
        }
    }

    // Writes the streamed response's pieces that are due (all of them once stopping); true when no stream remains.
    private func advanceStream(_ connection: Connection) -> Bool {
        guard var stream = connection.stream else { return true }
        while stream.next < stream.chunks.count && (stopping || stream.nextDue <= now) {
            HTTPResponse.appendChunk(stream.chunks[stream.next].bytes, chunked: stream.chunked, to: &connection.output)
            stream.next += 1
        }
        guard stream.next == stream.chunks.count else {
            connection.stream = stream
            if !streaming.contains(where: { $0 === connection }) { streaming.append(connection) }
            return false
        }
        if stream.chunked { HTTPResponse.appendLastChunk(to: &connection.output) }
        connection.stream = nil
        return true
    }

    // Queues the streaming connections whose next piece is due, and forgets those that finished or closed.
    private func wakeStreams() {
        streaming.removeAll { $0.isClosed || $0.stream == nil }
        for connection in streaming where stopping || (connection.stream?.nextDue ?? 0) <= now {
            markDirty(connection)
        }
    }

    private func markDirty(_ connection: Connection) {
        guard !connection.isDirty else { return }
        connection.isDirty = true
        dirty.append(connection)
    }

    private func serviceDirty() {
        swap(&dirty, &servicing)
        for connection in servicing { service(connection) }
        servicing.removeAll(keepingCapacity: true)
    }

    private func service(_ connection: Connection) {
        connection.isDirty = false
        guard !connection.isClosed else { return }
        for _ in 0..<8 {
            drainReadySlots(connection)
            guard flush(connection) else { return }
            guard connection.parsePaused, canParse(connection) else { break }
            parseInput(connection)
        }
        if connection.phase == .closing && connection.slots.isEmpty && connection.unsentCount == 0 && connection.stream == nil {
            finishClosing(connection)
            return
        }
        if connection.parsePaused && canParse(connection) {
            markDirty(connection)
        }
        updateInterest(connection)
    }

    // Writes what the socket takes; false when the connection failed and is closed.
    private func flush(_ connection: Connection) -> Bool {
        for _ in 0..<16 {
            guard connection.unsentCount > 0 else { break }
            let sent = connection.output.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(connection.fd, base + connection.outputSent, connection.unsentCount, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputSent += sent
                connection.lastActivity = now
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else if errno != EINTR {
                drop(connection)
                return false
            }
        }
        if connection.unsentCount == 0 && !connection.output.isEmpty {
            connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 << 10)
            connection.outputSent = 0
        }
        return true
    }

    private func finishClosing(_ connection: Connection) {
        guard !connection.peerClosed && !stopping else {
            drop(connection)
            return
        }
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.phase = .lingering(deadline: now + settings.lingerNanoseconds)
        updateInterest(connection)
    }

    private func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .open: if !connection.parsePaused { wanted |= LinuxCalls.epollIn }
        case .closing: break
        case .lingering: wanted |= LinuxCalls.epollIn
        }
        if connection.unsentCount > 0 { wanted |= LinuxCalls.epollOut }
        guard wanted != connection.interest else { return }
        if LinuxCalls.modify(connection.fd, in: epoll, events: wanted, token: UInt64(connection.fd)) {
            connection.interest = wanted
        } else {
            drop(connection)
        }
    }

    private func drop(_ connection: Connection) {
        guard !connection.isClosed else { return }
        connection.isClosed = true
        Glibc.close(connection.fd)
        connections[Int(connection.fd)] = nil
        openConnections -= 1
        lifecycle.releaseConnection()
        balancer.release(slot: slot)
    }

    // MARK: - Deadlines and stopping

    private func sweep() {
        nextTick = now + settings.tickNanoseconds
        if acceptingPaused && !stopping {
            acceptingPaused = !LinuxCalls.add(lifecycle.listener, to: epoll, events: LinuxCalls.epollIn | LinuxCalls.epollExclusive, token: Self.listenerToken)
        }
        for case let connection? in connections {
            checkDeadline(connection)
        }
    }

    private func checkDeadline(_ connection: Connection) {
        let idleExpired = now >= connection.lastActivity + settings.idleNanoseconds
        switch connection.phase {
        case .lingering(let deadline):
            if now >= deadline || stopping { drop(connection) }
        case .closing:
            if connection.unsentCount > 0 && idleExpired { drop(connection) }
        case .open:
            if connection.unsentCount > 0 {
                if idleExpired { drop(connection) }
            } else if connection.parser.isReadingBody {
                if idleExpired { reject(connection, .bodyTimeout(settings.idleTimeout)) }
            } else if !connection.parsePaused && (!connection.input.isEmpty || !connection.hasReceivedRequest) {
                if now >= connection.headStartedAt + settings.headerNanoseconds {
                    reject(connection, .headerTimeout(settings.headerTimeout))
                }
            } else if connection.slots.isEmpty && connection.stream == nil && idleExpired {
                drop(connection)
            }
        }
    }

    private func beginStop() {
        stopping = true
        stopDeadline = now + settings.stopNanoseconds
        if !acceptingPaused { _ = LinuxCalls.remove(lifecycle.listener, from: epoll) }
        lifecycle.releaseListener()
        for case let connection? in connections {
            if connection.slots.isEmpty && connection.unsentCount == 0 && connection.stream == nil {
                drop(connection)
            } else {
                if connection.phase == .open { connection.phase = .closing }
                connection.input = []
                markDirty(connection)
            }
        }
    }
}
