import Foundation

/// A Modal-protocol endpoint on 127.0.0.1 over HTTPS, with a self-signed certificate made for the test.
///
/// The server is `Tests/Fixtures/https_endpoint.py`, which runs one command against it and then stops, so no
/// test waits for a port to be announced.
final class LoopbackHTTPSEndpoint {
    /// Why these tests cannot run here, or nil when `openssl` and `python3` are both on `PATH`.
    static let missingTool: String? = ["openssl", "python3"].first { tool in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").allSatisfy { directory in
            !FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)")
        }
    }.map { "needs \($0) on PATH" }

    let directory: URL
    /// The certificate, which is its own CA: PEM, for `--cacert` and `SSL_CERT_FILE`.
    var certificate: URL { directory.appendingPathComponent("cert.pem") }
    private var key: URL { directory.appendingPathComponent("key.pem") }

    private init(directory: URL) {
        self.directory = directory
    }

    /// An endpoint with a new key and certificate for 127.0.0.1, valid for one day.
    static func make() async throws -> LoopbackHTTPSEndpoint {
        let endpoint = LoopbackHTTPSEndpoint(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-tls-\(UUID().uuidString)")
        )
        let (directory, key, certificate) = (endpoint.directory, endpoint.key, endpoint.certificate)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let made = try await LiftrecProcess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path,
             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            in: directory, program: URL(fileURLWithPath: "/usr/bin/env")
        )
        guard made.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: made.stderr]) }
        return endpoint
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs liftrec with `arguments` in `project` while the endpoint serves; `{url}` stands for its generate URL.
    func run(_ arguments: [String], in project: TemporaryProject, environment: [String: String] = [:]) async throws -> ProcessOutcome {
        let script = TemporaryProject.fixtures.appendingPathComponent("https_endpoint.py")
        return try await LiftrecProcess.run(
            ["python3", script.path, certificate.path, key.path, "--", LiftrecProcess.executable.path] + arguments,
            in: project.root, environment: environment, program: URL(fileURLWithPath: "/usr/bin/env")
        )
    }
}
