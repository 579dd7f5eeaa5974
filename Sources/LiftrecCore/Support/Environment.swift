import Glibc

/// Everything a command reaches outside itself, carried in one value so tests can replace each part.
public struct Environment: Sendable {
    /// Command-line arguments without the program name.
    var arguments: [String]
    /// Environment variables.
    var variables: [String: String]
    /// The directory relative paths resolve against.
    var workingDirectory: String
    /// Results go here.
    var stdout: TextSink
    /// Progress and diagnostics go here.
    var stderr: TextSink
    /// The current time in seconds since the Unix epoch.
    var now: @Sendable () -> Double
    /// Seconds on a clock that never jumps, for measuring intervals.
    var monotonic: @Sendable () -> Double
    /// Waits about this many seconds without holding a thread.
    var sleep: @Sendable (Double) async -> Void
    /// A fresh random number, for retry jitter.
    var random: @Sendable () -> UInt64
    /// Makes the HTTP transport for an endpoint (libcurl or the simulator live; fakes in tests).
    var connect: @Sendable (EndpointChoice) -> any HTTPTransport
    /// Raised when SIGINT or SIGTERM arrives during a long run.
    var interrupt: InterruptFlag
    /// The writes that make fixtures and reports durable.
    var fileWrites: FileWrites
    /// Whether the process's SIGINT and SIGTERM are routed to the run; an in-process test leaves its host's alone.
    var receivesSignals: Bool

    init(
        arguments: [String],
        variables: [String: String],
        workingDirectory: String,
        stdout: TextSink,
        stderr: TextSink,
        now: @escaping @Sendable () -> Double,
        monotonic: @escaping @Sendable () -> Double = Environment.monotonicClock,
        sleep: @escaping @Sendable (Double) async -> Void = Environment.taskSleep,
        random: @escaping @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) },
        connect: @escaping @Sendable (EndpointChoice) -> any HTTPTransport = EndpointConnection.offlineTransport,
        interrupt: InterruptFlag = InterruptFlag(),
        fileWrites: FileWrites = .live,
        receivesSignals: Bool = false
    ) {
        self.fileWrites = fileWrites
        self.receivesSignals = receivesSignals
        self.monotonic = monotonic
        self.sleep = sleep
        self.random = random
        self.connect = connect
        self.interrupt = interrupt
        self.arguments = arguments
        self.variables = variables
        self.workingDirectory = workingDirectory
        self.stdout = stdout
        self.stderr = stderr
        self.now = now
    }

    /// The process's own arguments, variables, directory, streams and clock.
    public static func live(arguments: [String]) -> Environment {
        var variables: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let directory = getcwd(&buffer, buffer.count) != nil ? buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "."
        return Environment(
            arguments: arguments,
            variables: variables,
            workingDirectory: directory,
            stdout: .fileDescriptor(1),
            stderr: .fileDescriptor(2),
            now: {
                var spec = timespec()
                clock_gettime(CLOCK_REALTIME, &spec)
                return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
            },
            connect: EndpointConnection.liveTransport,
            receivesSignals: true
        )
    }

    /// Seconds since an arbitrary fixed point, from the kernel's monotonic clock.
    static let monotonicClock: @Sendable () -> Double = {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Suspends the task for about `seconds`, returning early when it is cancelled.
    static let taskSleep: @Sendable (Double) async -> Void = { seconds in
        guard seconds > 0, seconds.isFinite else { return }
        try? await Task.sleep(nanoseconds: UInt64(min(seconds, 1e9) * 1e9))
    }
}
