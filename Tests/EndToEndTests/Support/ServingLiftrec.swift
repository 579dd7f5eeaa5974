import Foundation
import TestSupport
@testable import LiftrecCore
import Testing

/// A `liftrec replay --serve` process running in the background, read from as a script would read it.
final class ServingLiftrec {
    let process = Process()
    private let exit: ProcessExit
    private let stdout = Pipe()
    private let stderrURL: URL
    private var pending = Data()

    /// Starts liftrec with `arguments` in `directory`; stdout is a pipe, stderr a file.
    init(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:]) throws {
        process.executableURL = LiftrecProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = LiftrecProcess.environment(adding: extra)
        stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-serve-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        exit = ProcessExit(of: process)
        try process.run()
    }

    // Kills without waiting: the termination handler reaps liftrec whenever it goes.
    deinit {
        if process.isRunning {
            // A wrapped command goes first, so it is not left running once liftrec, its parent, is gone.
            let pid = process.processIdentifier
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks {
                let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
                for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGKILL) }
            }
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(at: stderrURL)
    }

    /// The next line on stdout, waiting for it on a thread of its own; nil once stdout ends.
    func readLine() async -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[pending.index(after: newline)...])
                return line
            }
            let chunk = await BlockingCall.run { [stdout] in stdout.fileHandleForReading.availableData }
            guard !chunk.isEmpty else { return nil }
            pending.append(chunk)
        }
    }

    /// The generate URL: the first stdout line.
    func readURL() async throws -> URL {
        let line = try #require(await readLine(), "liftrec printed no URL line; stderr: \(stderrText)")
        return try #require(URL(string: line))
    }

    /// Sends `signal` and waits for the exit.
    func stop(with signal: Int32 = SIGTERM) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try await waitForExit(after: "signal \(signal)")
    }

    /// Waits for the process to exit on its own and returns its status.
    func waitForExit() async throws -> Int32 {
        try await waitForExit(after: "its command ended")
    }

    // Waits at most a minute, so a liftrec that never exits fails the test (and is killed) instead of hanging the run.
    private func waitForExit(after event: String) async throws -> Int32 {
        let status = await exit.status(within: 60)
        if status == nil { kill(process.processIdentifier, SIGKILL) }
        return try #require(status, "liftrec replay --serve did not exit within 60 s after \(event); stderr: \(stderrText)")
    }

    /// The embedded simulator as an upstream process of its own: a replay server with no cases that forwards everything
    /// to `sim`, reached by its base URL (`base`) as a real endpoint would be, and counting what it forwards.
    static func simulatorUpstream() async throws -> (server: ServingLiftrec, project: TemporaryProject, url: URL, base: String) {
        let project = try TemporaryProject()
        try project.write(#"{"format": "liftrec-suite/1", "name": "provider", "cases": []}"#, to: "fixtures/suites/provider.json")
        let server = try ServingLiftrec(["replay", "--serve", "--upstream", "sim"], in: project.root)
        let url = try await server.readURL()
        return (server, project, url, "http://127.0.0.1:\(try #require(url.port))")
    }

    /// A project with an empty `fixtures/suites/`, as a project that learning starts.
    static func emptyProject() throws -> TemporaryProject {
        let project = try TemporaryProject()
        try FileManager.default.removeItem(at: project.suiteURL)
        return project
    }

    /// Everything left on stdout after the lines already read; call after exit.
    func remainingStdout() async -> String {
        let rest = await BlockingCall.run { [stdout] in stdout.fileHandleForReading.readDataToEndOfFile() }
        return String(decoding: pending + rest, as: UTF8.self)
    }

    /// Everything written to stderr so far.
    var stderrText: String {
        (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
    }
}

/// One HTTP/1.1 exchange over a fresh loopback connection, for the requests the tests make themselves.
enum LoopbackHTTP {
    /// The status and body of `method url` with `body`; the exchange runs on a thread of its own, not the cooperative pool.
    static func request(_ method: String, _ url: URL, body: Data = Data()) async throws -> (status: Int, body: Data) {
        let port = try #require(url.port)
        var message = Data("\(method) \(url.path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        message.append(body)
        let exchanged = await BlockingCall.run { [message] in exchange(message, port: port) }
        let received = try exchanged.get()
        let separator = try #require(received.range(of: Data("\r\n\r\n".utf8)), "no response head from \(method) \(url)")
        let head = String(decoding: received[..<separator.lowerBound], as: UTF8.self)
        let status = try #require(Int(head.split(separator: " ").dropFirst().first ?? ""))
        return (status, Data(received[separator.upperBound...]))
    }

    /// A failed system call in an exchange.
    struct ExchangeError: Error, CustomStringConvertible {
        let description: String
    }

    // Sends `message` to 127.0.0.1:`port` and reads until the server closes; the 60 s receive timeout only
    // keeps a server that never answers from hanging the run.
    private static func exchange(_ message: Data, port: Int) -> Result<Data, ExchangeError> {
        guard let fd = Loopback.connect(port: port) else {
            return .failure(ExchangeError(description: "cannot connect to port \(port): errno \(errno)"))
        }
        defer { close(fd) }
        let sentAll = message.withUnsafeBytes { bytes -> Bool in
            var sent = 0
            while sent < bytes.count {
                let count = send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard count > 0 else { return false }
                sent += count
            }
            return true
        }
        guard sentAll else { return .failure(ExchangeError(description: "send to port \(port) failed: errno \(errno)")) }
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(ExchangeError(description: "no complete answer from port \(port) within 60 s: errno \(errno)")) }
            if count == 0 { return .success(received) }
            received.append(contentsOf: chunk[..<count])
        }
    }

    /// The body parsed as a JSON object.
    static func object(_ body: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }
}
