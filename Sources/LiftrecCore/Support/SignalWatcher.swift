import Dispatch
import Glibc
import Synchronization

/// Takes SIGINT and SIGTERM away from their default action (ending the process) and hands each one to a handler.
final class SignalWatcher: Sendable {
    private let sources = Mutex<[DispatchSourceSignal]>([])

    /// A watcher connected to no signal yet.
    init() {}

    deinit {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
    }

    /// Calls `handler` with the number of every SIGINT or SIGTERM from now on; later calls change nothing.
    func watch(_ handler: @escaping @Sendable (Int32) -> Void) {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { handler(number) }
                source.resume()
                sources.append(source)
            }
        }
    }
}
