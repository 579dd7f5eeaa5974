import Synchronization

/// Decides when a serving liftrec stops: at SIGINT or SIGTERM, or, while it runs a command, when that command
/// exits; the command then receives those signals instead, so the server never outlives it.
final class ServeLifetime: Sendable {
    /// Why serving ended.
    enum End: Sendable, Equatable {
        /// This signal arrived while no command was running.
        case signal(Int32)
        /// The command exited with this status (128 + N for signal N).
        case commandExited(status: Int32)
    }

    private struct State {
        var child: ChildProcess?
        // Between spawning the command and adopting it, a signal is kept for the command rather than ending serving,
        // which would leave the command running with no server.
        var expectingChild = false
        var pendingSignals: [Int32] = []
        var end: End?
        var waiter: CheckedContinuation<End, Never>?
    }

    private let state = Mutex(State())
    private let signals = SignalWatcher()

    /// A lifetime that has not ended; call `watchSignals()` before anything worth stopping starts.
    init() {}

    /// Routes SIGINT and SIGTERM here instead of letting them kill the process.
    func watchSignals() {
        signals.watch { [weak self] number in self?.received(number) }
    }

    /// Keeps SIGINT and SIGTERM for the command about to be spawned instead of ending serving on them.
    func expectChild() {
        state.withLock { $0.expectingChild = true }
    }

    /// Hands signals to `child` from now on (including any that arrived while it was being spawned), and ends when it exits.
    func adopt(_ child: ChildProcess) {
        let pending = state.withLock { state in
            state.child = child
            defer { state.pendingSignals = [] }
            return state.pendingSignals
        }
        for number in pending { child.signal(number) }
        // Whatever the command started and left running goes with it.
        let collect = { @Sendable [self] in
            let status = child.wait()
            child.endGroup()
            finish(.commandExited(status: status))
        }
        do throws(DetachedThread.StartFailure) {
            try DetachedThread.start(collect)
        } catch {
            // Without a thread of its own the wait borrows one from the pool; slower to serve, still correct.
            Task.detached { collect() }
        }
    }

    /// Waits until serving should end.
    func wait() async -> End {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> End? in
                if state.end == nil { state.waiter = continuation }
                return state.end
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Handles one SIGINT or SIGTERM (called by the signal sources; internal so tests can deliver one).
    func received(_ number: Int32) {
        let (child, keep) = state.withLock { state -> (ChildProcess?, Bool) in
            if state.child == nil && state.expectingChild && state.end == nil {
                state.pendingSignals.append(number)
                return (nil, true)
            }
            return (state.child, false)
        }
        if let child {
            child.signal(number)
        } else if !keep {
            finish(.signal(number))
        }
    }

    private func finish(_ end: End) {
        let waiter = state.withLock { state -> CheckedContinuation<End, Never>? in
            guard state.end == nil else { return nil }
            state.end = end
            // Its process id may be reused once it has been waited for.
            state.child = nil
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: end)
    }
}
