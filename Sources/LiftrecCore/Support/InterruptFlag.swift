import Synchronization

/// Set once SIGINT or SIGTERM arrives, so long runs stop launching work and settle what is in flight.
final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let signals = SignalWatcher()

    /// A flag no signal is connected to (tests raise it by hand).
    init() {}

    /// True once interrupted.
    var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Marks the run as interrupted.
    func raise() {
        raised.store(true, ordering: .releasing)
    }

    /// Routes SIGINT and SIGTERM to this flag instead of killing the process.
    func watchSignals() {
        signals.watch { [weak self] _ in self?.raise() }
    }
}
