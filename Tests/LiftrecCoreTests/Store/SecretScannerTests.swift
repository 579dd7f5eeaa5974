import Testing
@testable import LiftrecCore

@Suite struct SecretScannerTests {
    let scanner = SecretScanner(
        variables: ["MODAL_KEY": "k3y-value-xyz", "MODAL_SECRET": "s3cr3t!", "VLLM_KEY": "vllm-0f9e8d7c", "UNNAMED": "not-a-key-var"],
        keyVariables: ["VLLM_KEY"]
    )

    @Test(arguments: [
        ("wk-AbCdEf12", SecretScanner.Rule.modalToken),
        ("header Modal-Key: ws-12345678xyz", .modalToken),
        ("\"wk-ABCDEFGHJK\"", .modalToken),
        ("Authorization: Basic dXNlcjpwYXNz", .authorization),
        ("authorization:token1234", .authorization),
        ("Proxy-Authorization:   Digest abcdef0123", .authorization),
        ("curl -H 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig'", .authorization),
        ("BEARER\tabcdef12", .authorization),
        ("postgres://user:pw@db:5432/x", .urlCredentials),
        ("see https://:tok@example.com/", .urlCredentials),
        ("git+https://bot:ghp_x1@github.com/o/r.git", .urlCredentials),
        ("prefix k3y-value-xyz suffix", .modalKeyValue),
        ("s3cr3t!", .modalSecretValue),
        ("key: sk-abcdefghij0123456789ABCD", .openAIKey),
        ("OPENAI_API_KEY=sk-proj-Ab3_dE-fGhIjKlMnOpQrStUv", .openAIKey),
        ("\"sk-svcacct-0123456789abcdefghijKL\"", .openAIKey),
        ("pasted sk-ant-api03-AbCdEfGhIjKlMnOpQrSt-uvw here", .anthropicKey),
        ("?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", .googleKey),
        ("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", .githubToken),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDE", .githubToken),
        ("aws AKIAIOSFODNN7EXAMPLE key", .awsAccessKey),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijKLMNOP", .jwt),
        ("the key was vllm-0f9e8d7c", .authEnvValue),
    ])
    func eachRuleFindsItsCredential(text: String, rule: SecretScanner.Rule) {
        #expect(scanner.firstMatch(in: text) == rule)
    }

    @Test(arguments: [
        "wk-", "ws-", "wk-short1", "awk-abcdefgh123", "news-abcdefghijk", "https://ws--generate.modal.run",
        "the bearer of bad news", "bearer responsibility is shared", "Bearer token", "bearer: 12",
        "Authorization: none", "Authorization: required for it", "Authorization:",
        "https://example.com/a:b@c", "ssh://git@github.com/o/r", "http://[::1]:8080/x", "mailto:bob@example.com",
        "user:pass@host", "://:x@y", "", "k3y-value", "Ünïcödé wk‐ABCDEFGH12 with a Unicode hyphen",
        "use sk-learn for task-management", "sk-learn-compatible-estimators-and-transformers", "sk-0123456789012345678901234", "risk-assessment-framework-for-teams-2024", "sk-ant-short", "mask-0123456789abcdefghijkl",
        "AIza is not a key", "AKIA1234", "AKIAIOSFODNN7EXAMPLEXX", "ghp_short", "github_pat_x", "eyJhbGci only", "not-a-key-var",
    ])
    func ordinaryTextIsNotASecret(text: String) {
        #expect(scanner.firstMatch(in: text) == nil, "\(text)")
    }

    @Test func theRealRecordedStoreHasNoSecrets() throws {
        let bytes = try #require(FixtureFile.bytes("modal_responses.json"))
        let store = try JSONDocument(bytes: bytes)
        #expect(SecretScanner(variables: [:]).scan(store.root).isEmpty)
        let independent = try JSONDocument(bytes: try #require(FixtureFile.bytes("provider-independent.json")))
        #expect(SecretScanner(variables: [:]).scan(independent.root).isEmpty)
    }

    @Test func findingsPointAtTheStringAndNeverThroughASecretMemberName() throws {
        let document = try JSONDocument(#"""
            {"a": ["ok", {"b~/c": "Bearer abc12345678"}], "wk-ABCDEFGH123": {"deep": "postgres://u:p@h"}, "z": "s3cr3t!"}
            """#)
        let findings = scanner.scan(document.root)
        #expect(findings == [
            SecretScanner.Finding(pointer: JSONPointer(tokens: ["a", "1", "b~/c"]), inMemberName: false, rule: .authorization),
            SecretScanner.Finding(pointer: .root, inMemberName: true, rule: .modalToken),
            SecretScanner.Finding(pointer: JSONPointer(tokens: ["z"]), inMemberName: false, rule: .modalSecretValue),
        ])
        #expect(findings[0].pointer.description == "/a/1/b~0~1c")
    }

    @Test func aDocumentIsSearchedInPlaceEscapesDecodedAndEveryRepeatedNameToo() throws {
        // Python keeps the last "k", but the first is still in the file, so it is still reported.
        let document = try JSONDocument(#"{"k": "w\u006b-ABCDEFGH123", "a\/b": ["x", "Bearer abc12345678"], "k": 1}"#)
        #expect(scanner.scan(document.root) == [
            SecretScanner.Finding(pointer: JSONPointer(tokens: ["k"]), inMemberName: false, rule: .modalToken),
            SecretScanner.Finding(pointer: JSONPointer(tokens: ["a/b", "1"]), inMemberName: false, rule: .authorization),
        ])
    }

    @Test func problemsNameTheKeyPointerAndRuleButNeverTheSecret() throws {
        let secrets = ["wk-ABCDEFGH123", "Bearer abc12345678", "u:p@h", "s3cr3t!"]
        let entry = try JSONParser.parse(Array(#"""
            {"response": {"t": "wk-ABCDEFGH123", "list": ["Bearer abc12345678"], "x": {"postgres://u:p@h": 1}, "y": "s3cr3t!"}}
            """#.utf8))
        let problems = FixtureCheck.secretProblems(in: try Fixture(key: "case_1", entry: entry), scanner: scanner)
        #expect(problems.map(\.pointer) == ["/response/t", "/response/list/0", "/response/x", "/response/y"])
        #expect(problems.allSatisfy { $0.kind == .secret && !$0.isWarning && $0.message.contains("in store key \"case_1\" holds") })
        #expect(problems[2].message.hasPrefix("a member name of /response/x in store key"))
        #expect(problems[0].message.hasPrefix("/response/t in store key \"case_1\" holds a Modal token"))
        #expect(problems.map { $0.details["rule"]?.stringValue } == ["modal_token", "authorization", "url_credentials", "modal_secret_value"])
        for problem in problems {
            let json = String(decoding: JSONWriter.compact(problem.json), as: UTF8.self)
            for secret in secrets { #expect(!json.contains(secret)) }
        }
        let keyed = FixtureCheck.secretProblems(in: try Fixture(key: "wk-ABCDEFGH123", entry: entry), scanner: scanner)
        #expect(keyed.count == 1)
        #expect(!keyed[0].message.contains("wk-ABCDEFGH123"))
    }
}
