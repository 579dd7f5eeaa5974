import Synchronization

/// Set once SIGINT or SIGTERM arrives, so long runs stop launching work and settle what is in flight.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let signals = SignalWatcher()

    /// A flag no signal is connected to (tests raise it by hand).
    public init() {}

    /// True once interrupted.
    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Marks the run as interrupted.
    public func raise() {
        raised.store(true, ordering: .releasing)
    }

    /// Routes SIGINT and SIGTERM to this flag instead of killing the process.
    public func watchSignals() {
        signals.watch { [weak self] _ in self?.raise() }
    }
}
