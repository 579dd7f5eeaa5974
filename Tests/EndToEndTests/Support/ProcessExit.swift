import Foundation
import Synchronization

/// A started process's exit, awaited through its termination handler, so no thread (least of all one of the
/// cooperative pool's) blocks in `waitUntilExit` while the process runs.
final class ProcessExit: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [Int: CheckedContinuation<Int32?, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Watches `process`, which must not have been started yet.
    init(of process: Process) {
        process.terminationHandler = { [self] ended in
            let status = ended.terminationStatus
            let waiters = state.withLock { state in
                state.status = status
                defer { state.waiters = [:] }
                return state.waiters.values
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
    }

    /// The exit status, once the process has exited.
    func status() async -> Int32 {
        // Without a limit the wait ends only at the exit, so the status is always there.
        await status(within: nil) ?? -1
    }

    /// The exit status, or nil when the process is still running after `seconds`: a guard against a
    /// process that never exits, generous because a loaded CI machine is slow, never a way to pass time.
    func status(within seconds: Double?) async -> Int32? {
        await withCheckedContinuation { continuation in
            let waiter = state.withLock { state -> Int? in
                if state.status != nil { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let waiter else { return continuation.resume(returning: state.withLock { $0.status }) }
            guard let seconds else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: waiter) }?.resume(returning: nil)
            }
        }
    }
}
