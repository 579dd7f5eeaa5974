import Foundation
import Testing

/// verify finds today's key shapes in stores and suites, and names the shape and the case, never the value.
@Suite struct SecretShapesEndToEndTests {
    static let shapes = [
        ("sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx", "openai_key"),
        ("sk-ant-api03-AbCdEfGhIjKlMnOpQrSt-uvw", "anthropic_key"),
        ("AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "google_key"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github_token"),
        ("AKIAIOSFODNN7EXAMPLE", "aws_access_key"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijKLMNOP", "jwt"),
    ]

    private static let suite = #"{"format": "liftrec-suite/1", "name": "chat", "protocol": "openai-chat", "model": "m", "cases": [{"key": "hello", "prompt": "Say hello."}]}"#

    @Test func aStoreHoldingEachKeyShapeFailsVerifyNamingTheShapeButNotTheKey() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/chat.json")
        #expect(await project.runInProcess(["record", "--suite", "chat", "--endpoint", "sim"]).status == 0)
        let path = project.root.appendingPathComponent("fixtures/recorded/chat.json")
        let clean = try String(contentsOf: path, encoding: .utf8)
        let response = try #require(clean.range(of: #""response": ""#)).upperBound
        for (key, rule) in Self.shapes {
            try clean.replacingCharacters(in: response..<response, with: "my key is \(key) ").write(to: path, atomically: true, encoding: .utf8)
            let verify = await project.runInProcess(["verify", "--suite", "chat"])
            #expect(verify.status == 1, "\(rule)")
            #expect(verify.stdout.contains("(rule \(rule))"), "\(verify.stdout)")
            #expect(!verify.stdout.contains(key) && !verify.stderr.contains(key))
        }
    }

    @Test func aKeyPastedIntoALearnedCasesRequestIsFoundInTheSuite() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/chat.json")
        #expect(await project.runInProcess(["record", "--suite", "chat", "--endpoint", "sim"]).status == 0)
        let key = "sk-proj-PastedIntoAPrompt0123456789"
        try project.write(Self.suite.replacingOccurrences(of: "Say hello.", with: "Use \(key) to say hello."), to: "fixtures/suites/chat.json")
        let verify = await project.runInProcess(["verify", "--suite", "chat", "--json"])
        #expect(verify.status == 1)
        let cases = try #require((TemporaryProject.json(verify)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect(cases.first?["status"] as? String == "secret")
        let problems = try #require(cases.first?["problems"] as? [[String: Any]])
        #expect(problems.contains { ($0["message"] as? String)?.contains("in suite fixtures/suites/chat.json holds an OpenAI API key") == true })
        #expect(!verify.stdout.contains(key) && !verify.stderr.contains(key))
    }

    @Test func theValueOfASuitesAuthEnvVariableIsASecretToo() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite.replacingOccurrences(of: #""model": "m","#, with: #""model": "m", "auth_env": "VLLM_TOKEN","#), to: "fixtures/suites/chat.json")
        #expect(await project.runInProcess(["record", "--suite", "chat", "--endpoint", "sim"]).status == 0)
        let path = project.root.appendingPathComponent("fixtures/recorded/chat.json")
        let clean = try String(contentsOf: path, encoding: .utf8)
        let response = try #require(clean.range(of: #""response": ""#)).upperBound
        try clean.replacingCharacters(in: response..<response, with: "vllm-internal-7f3a ").write(to: path, atomically: true, encoding: .utf8)
        let verify = await project.runInProcess(["verify", "--suite", "chat"], environment: ["VLLM_TOKEN": "vllm-internal-7f3a"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("(rule auth_env_value)"), "\(verify.stdout)")
        #expect(!verify.stdout.contains("vllm-internal-7f3a"))
    }
}
