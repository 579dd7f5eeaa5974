import Foundation
import Testing

@Suite struct HTTPSEndToEndTests {
    private static let suite = """
        {"format": "liftrec-suite/1", "name": "provider", "cases": [
          {"key": "hello", "prompt": "hello", "schema": {"type": "object", "required": ["echo"]}}
        ]}
        """

    @Test(.disabled(if: LoopbackHTTPSEndpoint.missingTool != nil, "\(LoopbackHTTPSEndpoint.missingTool ?? "")"))
    func recordTrustsAPrivateCAFromCacertOrSSLCertFileAndRefusesWithoutOne() async throws {
        let endpoint = try await LoopbackHTTPSEndpoint.make()
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/provider.json")

        let refused = try await endpoint.run(["record", "--endpoint", "{url}"], in: project)
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("SSL certificate problem") == true)
        #expect(lines.first?.contains("--cacert FILE or set SSL_CERT_FILE") == true)

        let flagged = try await endpoint.run(["record", "--endpoint", "{url}", "--cacert", endpoint.certificate.path], in: project)
        #expect(flagged.status == 0, "\(flagged.stdout)\(flagged.stderr)")
        #expect(flagged.stdout.contains("1 recorded"))

        let variable = try await endpoint.run(["record", "--all", "--endpoint", "{url}"], in: project,
                                        environment: ["SSL_CERT_FILE": endpoint.certificate.path])
        #expect(variable.status == 0, "\(variable.stdout)\(variable.stderr)")
        #expect(variable.stdout.contains("1 recorded"))

        let diff = try await endpoint.run(["diff", "--endpoint", "{url}"], in: project, environment: ["CURL_CA_BUNDLE": endpoint.certificate.path])
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        #expect(diff.stdout.contains("1 same"))
    }

    @Test(.disabled(if: LoopbackHTTPSEndpoint.missingTool != nil, "\(LoopbackHTTPSEndpoint.missingTool ?? "")"))
    func libcurlTakesTheProxyFromHTTPSProxyAndNoProxy() async throws {
        let endpoint = try await LoopbackHTTPSEndpoint.make()
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/provider.json")
        let arguments = ["record", "--all", "--endpoint", "{url}", "--cacert", endpoint.certificate.path]
        // Nothing listens on loopback port 1, so only a request that goes through the proxy fails.
        let proxied = try await endpoint.run(arguments, in: project, environment: ["HTTPS_PROXY": "http://127.0.0.1:1"])
        #expect(proxied.status == 2)
        #expect(proxied.stderr.contains("127.0.0.1 port 1"), "\(proxied.stderr)")
        let bypassed = try await endpoint.run(arguments, in: project, environment: ["HTTPS_PROXY": "http://127.0.0.1:1", "NO_PROXY": "127.0.0.1"])
        #expect(bypassed.status == 0, "\(bypassed.stdout)\(bypassed.stderr)")
    }

    @Test func aMissingOrUnusableCAFileIsOneLineAndExitStatus2() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/provider.json")
        // Port 9 is never contacted: the CA file is checked before any request.
        let endpoint = ["--endpoint", "https://127.0.0.1:9/generate"]
        let cases: [(arguments: [String], environment: [String: String], message: String)] = [
            (["--cacert", "missing.pem"], [:], "CA certificates from --cacert: cannot read '\(project.root.path)/missing.pem'"),
            ([], ["SSL_CERT_FILE": "/nonexistent/ca.pem"], "point SSL_CERT_FILE at a PEM file of CA certificates, or unset it"),
            (["--cacert", "fixtures/suites/provider.json"], ["CURL_CA_BUNDLE": "/nonexistent/ca.pem"], "holds no PEM certificate"),
        ]
        for (arguments, environment, message) in cases {
            let outcome = try await LiftrecProcess.run(["record"] + endpoint + arguments, in: project.root, environment: environment)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.split(separator: "\n").count == 1)
            #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        }
        // The simulator makes no TLS connection, so a CA setting for the real endpoint does not stop it.
        let simulated = try await LiftrecProcess.run(["record", "--endpoint", "sim"], in: project.root, environment: ["SSL_CERT_FILE": "/nonexistent/ca.pem"])
        #expect(simulated.status == 0)
    }
}
