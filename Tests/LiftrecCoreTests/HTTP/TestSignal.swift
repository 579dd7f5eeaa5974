import Glibc
@testable import LiftrecCore

/// A test-only one-way signal between threads over a pipe, so tests wait on events instead of sleeping.
final class TestSignal: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Wakes one `wait`.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Waits, on a thread of its own rather than the cooperative pool, for one `signal`; false after 60 seconds,
    /// so a bug fails the test instead of hanging it.
    func wait() async -> Bool {
        await BlockingCall.run { [readEnd] in
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 60_000) == 1 else { return false }
            var byte: UInt8 = 0
            return read(readEnd, &byte, 1) == 1
        }
    }
}
