import Glibc

/// The Linux calls the Glibc module does not import (epoll, eventfd, accept4), resolved once with `dlsym`.
struct LinuxCalls: Sendable {
    private typealias EpollCreate = @convention(c) (Int32) -> Int32
    private typealias EpollControl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    private typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    private typealias Accept4 = @convention(c) (Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, Int32) -> Int32

    private let epollCreate: EpollCreate
    private let epollControl: EpollControl
    private let epollWaitFunction: EpollWait
    private let eventFD: EventFD
    private let accept4Function: Accept4

    // Values fixed by the Linux ABI (<sys/epoll.h>); the headers are not visible to Swift.
    /// Readable.
    static let epollIn: UInt32 = 0x001
    /// Writable.
    static let epollOut: UInt32 = 0x004
    /// Error on the descriptor.
    static let epollError: UInt32 = 0x008
    /// Hang-up on the descriptor.
    static let epollHangUp: UInt32 = 0x010
    /// Wake only one of the loops waiting on a shared descriptor.
    static let epollExclusive: UInt32 = 1 << 28
    private static let controlAdd: Int32 = 1
    private static let controlDelete: Int32 = 2
    private static let controlModify: Int32 = 3

    #if arch(x86_64)
    // The kernel packs `struct epoll_event` on x86-64 only.
    /// Bytes in one `struct epoll_event`.
    static let eventSize = 12
    private static let eventDataOffset = 4
    #else
    /// Bytes in one `struct epoll_event`.
    static let eventSize = 16
    private static let eventDataOffset = 8
    #endif

    private static let loaded: LinuxCalls? = {
        guard let create = dlsym(nil, "epoll_create1"),
              let control = dlsym(nil, "epoll_ctl"),
              let wait = dlsym(nil, "epoll_wait"),
              let event = dlsym(nil, "eventfd"),
              let accept = dlsym(nil, "accept4")
        else { return nil }
        return LinuxCalls(
            epollCreate: unsafeBitCast(create, to: EpollCreate.self),
            epollControl: unsafeBitCast(control, to: EpollControl.self),
            epollWaitFunction: unsafeBitCast(wait, to: EpollWait.self),
            eventFD: unsafeBitCast(event, to: EventFD.self),
            accept4Function: unsafeBitCast(accept, to: Accept4.self)
        )
    }()

    /// The calls of the running C library, or an error when it lacks them.
    static func load() throws(ServerError) -> LinuxCalls {
        guard let loaded else { throw .unsupportedPlatform }
        return loaded
    }

    /// A new close-on-exec epoll instance, or -1 with `errno` set.
    func makeEpoll() -> Int32 {
        epollCreate(O_CLOEXEC)
    }

    /// A new non-blocking close-on-exec eventfd, or -1 with `errno` set.
    func makeEventFD() -> Int32 {
        eventFD(0, O_NONBLOCK | O_CLOEXEC)
    }

    /// Accepts one connection as a non-blocking close-on-exec socket, or returns -1 with `errno` set.
    func accept(_ listener: Int32) -> Int32 {
        accept4Function(listener, nil, nil, O_NONBLOCK | O_CLOEXEC)
    }

    /// Starts watching `fd` for `events`, reporting `token`; false on failure.
    func add(_ fd: Int32, to epoll: Int32, events: UInt32, token: UInt64) -> Bool {
        control(epoll, Self.controlAdd, fd, events: events, token: token)
    }

    /// Changes the events watched on `fd`; false on failure.
    func modify(_ fd: Int32, in epoll: Int32, events: UInt32, token: UInt64) -> Bool {
        control(epoll, Self.controlModify, fd, events: events, token: token)
    }

    /// Stops watching `fd`; false on failure.
    func remove(_ fd: Int32, from epoll: Int32) -> Bool {
        control(epoll, Self.controlDelete, fd, events: 0, token: 0)
    }

    /// Waits for events into `buffer` (room for `buffer.count / eventSize` events); the count, or -1 with `errno`.
    func wait(_ epoll: Int32, into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int32) -> Int {
        Int(epollWaitFunction(epoll, buffer.baseAddress, Int32(buffer.count / Self.eventSize), timeoutMilliseconds))
    }

    /// The events and token of the `index`th event in a buffer filled by `wait`.
    static func event(at index: Int, in buffer: UnsafeMutableRawBufferPointer) -> (events: UInt32, token: UInt64) {
        let offset = index * eventSize
        let events = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let token = buffer.loadUnaligned(fromByteOffset: offset + eventDataOffset, as: UInt64.self)
        return (events, token)
    }

    private func control(_ epoll: Int32, _ operation: Int32, _ fd: Int32, events: UInt32, token: UInt64) -> Bool {
        var event = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &event) { raw in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: token, toByteOffset: Self.eventDataOffset, as: UInt64.self)
            return epollControl(epoll, operation, fd, raw.baseAddress) == 0
        }
    }
}
