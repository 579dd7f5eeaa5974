import Foundation
@testable import LiftrecCore

/// The outcome of running the built `liftrec` binary once.
struct ProcessOutcome {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the built `liftrec` executable as a user or CI script would.
enum LiftrecProcess {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary beside the test bundle.
    static let executable: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liftrec")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for configuration in ["debug", "release"] {
            let candidate = packageRoot.appendingPathComponent(".build/\(configuration)/liftrec")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return beside
    }()

    /// This process's environment without anything that would point at another liftrec, a real endpoint, credentials,
    /// a CA bundle or a proxy, plus `extra`.
    static func environment(adding extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let proxies = ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap { [$0, $0.lowercased()] }
        for name in ["LIFTREC", "LIFTREC_ENDPOINT", "MODAL_ENDPOINT_URL", "MODAL_KEY", "MODAL_SECRET", "GITHUB_ACTIONS",
                     "CURL_CA_BUNDLE", "SSL_CERT_FILE", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
                     "GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_GEMINI_BASE_URL"] + proxies {
            environment[name] = nil
        }
        for (name, value) in extra { environment[name] = value }
        return environment
    }

    /// Runs liftrec (or another `program`) with `arguments` in `directory`, with stdin closed and output captured.
    static func run(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:], program: URL = executable
    ) async throws -> ProcessOutcome {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment(adding: extra)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exit = ProcessExit(of: process)
        try process.run()
        let status = await exit.status()
        try out.close()
        try err.close()
        return ProcessOutcome(
            status: status,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8)
        )
    }

    /// Starts liftrec in the background with stderr on a pipe, for tests that act while it runs.
    static func start(_ arguments: [String], in directory: URL) throws -> RunningLiftrec {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let exit = ProcessExit(of: process)
        try process.run()
        return RunningLiftrec(process: process, exit: exit, stderr: stderr.fileHandleForReading)
    }
}

/// A liftrec process started by a test, whose stderr can be read as it arrives.
final class RunningLiftrec {
    let process: Process
    private let exit: ProcessExit
    private let stderr: FileHandle
    private(set) var stderrText = ""

    init(process: Process, exit: ProcessExit, stderr: FileHandle) {
        self.process = process
        self.exit = exit
        self.stderr = stderr
    }

    /// Reads stderr until `done` holds for what arrived so far, or the stream ends; this waits on output, not
    /// time, and on a thread of its own rather than the cooperative pool. With `signal`, that thread sends it the
    /// moment `done` holds, so it lands at the event rather than whenever the test's task next gets a thread.
    @discardableResult
    func readStderr(until done: @escaping @Sendable (String) -> Bool, thenSignal signal: Int32? = nil) async -> Bool {
        let (text, reached) = await BlockingCall.run { [stderr, stderrText, process] () -> (String, Bool) in
            var text = stderrText
            while !done(text) {
                let chunk = stderr.availableData
                if chunk.isEmpty { return (text, false) }
                text += String(decoding: chunk, as: UTF8.self)
            }
            if let signal { kill(process.processIdentifier, signal) }
            return (text, true)
        }
        stderrText = text
        return reached
    }

    /// How many fixtures it has reported as recorded so far.
    var recordedCount: Int {
        Self.recordedCount(in: stderrText)
    }

    /// How many fixtures `stderr` reports as recorded.
    static func recordedCount(in stderr: String) -> Int {
        stderr.split(separator: "\n").filter { $0.hasPrefix("recorded ") }.count
    }

    /// Waits for the process to end on its own; returns its exit status.
    func status() async -> Int32 {
        await exit.status()
    }
}
