import Glibc

/// Starts detached POSIX threads, for blocking work and event loops that must not occupy Swift's cooperative pool.
enum DetachedThread {
    /// Why no thread was started: the error number `pthread_create` returned.
    struct StartFailure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The `errno`-style code, such as `EAGAIN` when the process is at its thread limit.
        let code: Int32

        /// The system's text for the code.
        var description: String {
            errnoText(code)
        }
    }

    private final class Body {
        let run: @Sendable () -> Void

        init(_ run: @escaping @Sendable () -> Void) {
            self.run = run
        }
    }

    /// Runs `body` on a new detached thread.
    static func start(_ body: @escaping @Sendable () -> Void) throws(StartFailure) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw StartFailure(code: result)
        }
        pthread_detach(thread)
    }
}
