import CLinux
import Glibc

/// The epoll, eventfd and accept4 calls the server makes, with the flags it always wants (non-blocking, close-on-exec).
enum LinuxCalls {
    /// Readable.
    static let epollIn = EPOLLIN.rawValue
    /// Writable.
    static let epollOut = EPOLLOUT.rawValue
    /// Error on the descriptor.
    static let epollError = EPOLLERR.rawValue
    /// Hang-up on the descriptor.
    static let epollHangUp = EPOLLHUP.rawValue
    /// Wake only one of the loops waiting on a shared descriptor.
    static let epollExclusive = EPOLLEXCLUSIVE.rawValue

    /// A new close-on-exec epoll instance, or -1 with `errno` set.
    static func makeEpoll() -> Int32 {
        epoll_create1(Int32(EPOLL_CLOEXEC))
    }

    /// A new non-blocking close-on-exec eventfd, or -1 with `errno` set.
    static func makeEventFD() -> Int32 {
        eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
    }

    /// Accepts one connection as a non-blocking close-on-exec socket, or returns -1 with `errno` set.
    static func accept(_ listener: Int32) -> Int32 {
        liftrec_accept4(listener, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
    }

    /// Starts watching `fd` for `events`, reporting `token`; false on failure.
    static func add(_ fd: Int32, to epoll: Int32, events: UInt32, token: UInt64) -> Bool {
        control(epoll, EPOLL_CTL_ADD, fd, events: events, token: token)
    }

    /// Changes the events watched on `fd`; false on failure.
    static func modify(_ fd: Int32, in epoll: Int32, events: UInt32, token: UInt64) -> Bool {
        control(epoll, EPOLL_CTL_MOD, fd, events: events, token: token)
    }

    /// Stops watching `fd`; false on failure.
    static func remove(_ fd: Int32, from epoll: Int32) -> Bool {
        control(epoll, EPOLL_CTL_DEL, fd, events: 0, token: 0)
    }

    /// Waits for up to `events.count` events into `events`; the count, or -1 with `errno` set.
    static func wait(_ epoll: Int32, into events: UnsafeMutableBufferPointer<epoll_event>, timeoutMilliseconds: Int32) -> Int {
        Int(epoll_wait(epoll, events.baseAddress, Int32(events.count), timeoutMilliseconds))
    }

    private static func control(_ epoll: Int32, _ operation: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(epoll, operation, fd, &event) == 0
    }
}
