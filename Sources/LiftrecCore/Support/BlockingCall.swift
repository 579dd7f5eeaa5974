/// Runs a blocking call on a thread of its own, so async code awaits it without holding a cooperative-pool thread.
enum BlockingCall {
    /// The result of `body`, run on a new detached thread (or inline if no thread can be started).
    static func run<Result: Sendable>(_ body: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            do throws(DetachedThread.StartFailure) {
                try DetachedThread.start { continuation.resume(returning: body()) }
            } catch {
                continuation.resume(returning: body())
            }
        }
    }
}
