import Glibc

/// Everything a command reaches outside itself, carried in one value so tests can replace each part.
public struct Environment: Sendable {
    /// Command-line arguments without the program name.
    public var arguments: [String]
    /// Environment variables.
    public var variables: [String: String]
    /// The directory relative paths resolve against.
    public var workingDirectory: String
    /// Results go here.
    public var stdout: TextSink
    /// Progress and diagnostics go here.
    public var stderr: TextSink
    /// The current time in seconds since the Unix epoch.
    public var now: @Sendable () -> Double
    /// Makes the HTTP transport for an endpoint (libcurl or the simulator live; fakes in tests).
    public var connect: @Sendable (EndpointChoice) -> any HTTPTransport
    /// Raised when SIGINT or SIGTERM arrives during a long run.
    public var interrupt: InterruptFlag

    /// An environment from its parts.
    public init(
        arguments: [String],
        variables: [String: String],
        workingDirectory: String,
        stdout: TextSink,
        stderr: TextSink,
        now: @escaping @Sendable () -> Double,
        connect: @escaping @Sendable (EndpointChoice) -> any HTTPTransport = EndpointConnection.liveTransport,
        interrupt: InterruptFlag = InterruptFlag()
    ) {
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
            }
        )
    }
}
