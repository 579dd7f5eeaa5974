import Synchronization
@testable import LiftrecCore

/// Runs liftrec in-process on a test environment: captured output, a fixed clock, no sleeping and no network.
enum TestEnvironment {
    /// What one in-process run printed and returned.
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// An environment rooted at `root` whose calendar clock stands still; sleeps and intervals are real, so waits
    /// still suspend rather than spin.
    static func make(
        root: String, arguments: [String] = [], variables: [String: String] = [:],
        stdout: TextSink = TextSink { _ in }, stderr: TextSink = TextSink { _ in }, now: Double = 1_795_000_000
    ) -> Environment {
        Environment(
            arguments: arguments, variables: variables, workingDirectory: root, stdout: stdout, stderr: stderr,
            now: { now }, random: { 0 }
        )
    }

    /// Runs `Liftrec.run` with `arguments` in the project at `root` and captures what it printed.
    static func run(_ arguments: [String], root: String, variables: [String: String] = [:], fileWrites: FileWrites = .live) async -> Run {
        let out = Mutex("")
        let err = Mutex("")
        let environment = make(
            root: root, arguments: arguments, variables: variables,
            stdout: TextSink { text in out.withLock { $0 += text } }, stderr: TextSink { text in err.withLock { $0 += text } }
        )
        var configured = environment
        configured.fileWrites = fileWrites
        let status = await Liftrec.run(configured)
        return Run(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
    }
}
