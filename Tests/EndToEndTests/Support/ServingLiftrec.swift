import Foundation
import Testing

/// A `liftrec replay --serve` process running in the background, read from as a script would read it.
final class ServingLiftrec {
    let process = Process()
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
        try process.run()
    }

    deinit {
        if process.isRunning {
            // A wrapped command left running would keep Foundation from ever seeing liftrec exit, so it goes first.
            let children = Process()
            children.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
            children.arguments = ["-KILL", "-P", String(process.processIdentifier)]
            if (try? children.run()) != nil { children.waitUntilExit() }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: stderrURL)
    }

    /// The next line on stdout, waiting for it; nil once stdout ends.
    func readLine() -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[pending.index(after: newline)...])
                return line
            }
            let chunk = stdout.fileHandleForReading.availableData
            guard !chunk.isEmpty else { return nil }
            pending.append(chunk)
        }
    }

    /// The generate URL: the first stdout line.
    func readURL() throws -> URL {
        let line = try #require(readLine(), "liftrec printed no URL line; stderr: \(stderrText)")
        return try #require(URL(string: line))
    }

    /// Sends `signal` and waits (at most 10 s, so a bug fails instead of hanging) for the exit.
    func stop(with signal: Int32 = SIGTERM) throws -> Int32 {
        kill(process.processIdentifier, signal)
        return try waitForExit()
    }

    /// Waits (at most 10 s) for the process to exit on its own and returns its status.
    func waitForExit() throws -> Int32 {
        let exited = DispatchSemaphore(value: 0)
        // A thread of its own: a blocked Dispatch worker can starve the very handler that reports the exit.
        Thread { [process] in
            process.waitUntilExit()
            exited.signal()
        }.start()
        try #require(exited.wait(timeout: .now() + 10) == .success, "liftrec did not exit within 10 s")
        return process.terminationStatus
    }

    /// Everything left on stdout after the lines already read; call after exit.
    func remainingStdout() -> String {
        String(decoding: pending + stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Everything written to stderr so far.
    var stderrText: String {
        (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
    }
}

/// One HTTP/1.1 exchange over a fresh loopback connection, for the requests the tests make themselves.
enum LoopbackHTTP {
    /// The status and body of `method url` with `body`.
    static func request(_ method: String, _ url: URL, body: Data = Data()) throws -> (status: Int, body: Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(try #require(url.port)).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        var message = Data("\(method) \(url.path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        message.append(body)
        try message.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {
                let count = send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                try #require(count > 0)
                sent += count
            }
        }
        var received = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: chunk[..<count])
        }
        let separator = try #require(received.range(of: Data("\r\n\r\n".utf8)))
        let head = String(decoding: received[..<separator.lowerBound], as: UTF8.self)
        let status = try #require(Int(head.split(separator: " ").dropFirst().first ?? ""))
        return (status, Data(received[separator.upperBound...]))
    }

    /// The body parsed as a JSON object.
    static func object(_ body: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }
}
