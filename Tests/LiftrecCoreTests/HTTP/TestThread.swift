import Glibc

/// A test-only POSIX thread, for doing something from a thread that is neither the test's nor the server's.
final class TestThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private var thread = pthread_t()

    /// Starts `body` on a new thread.
    init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
    }

    /// Waits for the thread to finish.
    func join() {
        pthread_join(thread, nil)
    }
}
