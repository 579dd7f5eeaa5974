import Glibc
import Synchronization

/// What a server's event loops share: the listening socket, the connection count and the stopped signal.
final class ServerLifecycle: Sendable {
    /// The listening socket every loop accepts from.
    let listener: Int32
    private let maxConnections: Int
    private let connections = Atomic<Int>(0)
    // Loops still registered on the listener; the last to let go closes it, so the port refuses at once.
    private let listenerUsers: Mutex<Int>
    private let runningLoops = Atomic<Int>(0)
    private let stopped: Int32

    /// Shared state for loops accepting from `listener`; `stoppedSignal` is an eventfd.
    init(listener: Int32, listenerUsers: Int, maxConnections: Int, stoppedSignal: Int32) {
        self.listener = listener
        self.listenerUsers = Mutex(listenerUsers)
        self.maxConnections = maxConnections
        self.stopped = stoppedSignal
    }

    deinit {
        listenerUsers.withLock { users in
            if users > 0 { close(listener) }
        }
        close(stopped)
    }

    /// Counts a new connection; false when the server is already at its limit.
    func reserveConnection() -> Bool {
        if connections.wrappingAdd(1, ordering: .relaxed).newValue <= maxConnections { return true }
        connections.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    /// Uncounts a closed connection.
    func releaseConnection() {
        connections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Records that one loop no longer accepts; the last one closes the listening socket.
    func releaseListener() {
        listenerUsers.withLock { users in
            users -= 1
            if users == 0 { close(listener) }
        }
    }

    /// Closes the listening socket for good, whoever still uses it; for a server stopped before it started.
    func closeListener() {
        listenerUsers.withLock { users in
            if users > 0 { close(listener) }
            users = 0
        }
    }

    /// Records how many loop threads are running before they start.
    func loopsStarting(_ count: Int) {
        runningLoops.store(count, ordering: .sequentiallyConsistent)
    }

    /// Records that a loop thread ended; the last one signals the server stopped.
    func loopFinished() {
        if runningLoops.wrappingSubtract(1, ordering: .sequentiallyConsistent).newValue == 0 {
            signalStopped()
        }
    }

    /// Wakes every `waitUntilStopped` caller, now and later.
    func signalStopped() {
        var one: UInt64 = 1
        _ = write(stopped, &one, 8)
    }

    /// Blocks until `signalStopped` has been called.
    func waitUntilStopped() {
        var descriptor = pollfd(fd: stopped, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, -1) != 1 || descriptor.revents & Int16(POLLIN) == 0 {
            descriptor.revents = 0
        }
    }
}
