import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set once SIGINT or SIGTERM arrives, so long runs stop launching work and settle what is in flight.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let sources = Mutex<[DispatchSourceSignal]>([])

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
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.raise() }
                source.resume()
                sources.append(source)
            }
        }
    }
}
