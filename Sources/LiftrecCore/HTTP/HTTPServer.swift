import Glibc
import Synchronization

/// An HTTP/1.1 server (RFC 9112) on epoll event loops: keep-alive, in-order pipelining, deferred answers and
/// hard limits on request size and client slowness, every refusal answered with a JSON error and a close.
///
/// `init` binds and listens, `start()` runs the loops on their own threads, `stop()` (from any thread) stops
/// accepting, lets responses in flight finish within `stopTimeout`, then closes; `waitUntilStopped()` blocks
/// until that is done. A connection beyond `maxConnections` closes the least recently used idle keep-alive connection to
/// make room; when none is idle it is accepted, answered 503 with `Retry-After` and closed at once.
final class HTTPServer: Sendable {
    /// Answers one request through its responder, at once or later from any thread.
    typealias Handler = @Sendable (HTTPRequest, HTTPResponder) -> Void

    private enum Phase {
        case ready
        case running
        case stopped
    }

    /// The configuration the server was created with.
    let configuration: HTTPServerConfiguration
    /// The bound port: the system's pick when the configuration asked for port 0.
    let port: Int
    private let lifecycle: ServerLifecycle
    private let balancer: ConnectionBalancer
    private let loops: [EventLoop]
    private let phase = Mutex(Phase.ready)

    /// Binds and listens on the configured address; requests go to `handler` once started.
    init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: @escaping Handler) throws(ServerError) {
        try configuration.validate()
        let (listener, port) = try ListeningSocket.open(host: configuration.host, port: configuration.port)
        let stopped = LinuxCalls.makeEventFD()
        guard stopped >= 0 else {
            let code = errno
            close(listener)
            throw .systemCall("eventfd", errno: code)
        }
        let lifecycle = ServerLifecycle(
            listener: listener, listenerUsers: configuration.eventLoops,
            maxConnections: configuration.maxConnections, stoppedSignal: stopped
        )
        let settings = EventLoop.Settings(configuration)
        let balancer = ConnectionBalancer(loopCount: configuration.eventLoops)
        var loops: [EventLoop] = []
        for slot in 0..<configuration.eventLoops {
            loops.append(try EventLoop(lifecycle: lifecycle, balancer: balancer, slot: slot, settings: settings, handler: handler))
        }
        self.configuration = configuration
        self.port = port
        self.lifecycle = lifecycle
        self.balancer = balancer
        self.loops = loops
    }

    deinit {
        stop()
    }

    /// Starts the event-loop threads; does nothing if already started or stopped.
    func start() throws(ServerError) {
        try phase.withLock { (phase: inout Phase) throws(ServerError) in
            guard phase == .ready else { return }
            lifecycle.loopsStarting(loops.count)
            // Every loop takes connections from the first accept on; each leaves the balancer as it finishes.
            for (slot, loop) in loops.enumerated() { balancer.join(loop, slot: slot) }
            for (index, loop) in loops.enumerated() {
                do throws(DetachedThread.StartFailure) {
                    try DetachedThread.start { loop.run() }
                } catch {
                    for started in loops[..<index] { started.requestStop() }
                    for slot in index..<loops.count {
                        balancer.leave(slot: slot)
                        lifecycle.releaseListener()
                        lifecycle.loopFinished()
                    }
                    phase = .stopped
                    throw .systemCall("pthread_create", errno: error.code)
                }
            }
            phase = .running
        }
    }

    /// Stops gracefully: no new connections, responses in flight finish (within `stopTimeout`), then every
    /// connection closes. Returns at once; safe from any thread and more than once.
    func stop() {
        let previous = phase.withLock { phase in
            defer { phase = .stopped }
            return phase
        }
        switch previous {
        case .ready:
            lifecycle.closeListener()
            lifecycle.signalStopped()
        case .running:
            for loop in loops { loop.requestStop() }
        case .stopped:
            break
        }
    }

    /// Blocks until the server has stopped and closed every connection.
    func waitUntilStopped() {
        lifecycle.waitUntilStopped()
    }
}
