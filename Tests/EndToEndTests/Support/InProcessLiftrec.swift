import Foundation
import Synchronization
@testable import LiftrecCore

/// Runs liftrec in this test process through `Liftrec.run`, on an environment like the binary's own but with output
/// captured and the host's signals left alone: the same command-line behaviour without the cost of a process.
enum InProcessLiftrec {
    /// Runs `arguments` in `directory` with the test environment's variables plus `extra`.
    static func run(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) async -> ProcessOutcome {
        let out = Mutex("")
        let err = Mutex("")
        var environment = Environment.live(arguments: arguments)
        environment.variables = LiftrecProcess.environment(adding: extra)
        environment.workingDirectory = directory.path
        environment.stdout = TextSink { text in out.withLock { $0 += text } }
        environment.stderr = TextSink { text in err.withLock { $0 += text } }
        environment.receivesSignals = false
        let status = await Liftrec.run(environment)
        return ProcessOutcome(status: status, stdout: out.withLock { $0 }, stderr: err.withLock { $0 })
    }
}
