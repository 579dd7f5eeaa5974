import Testing
@testable import LiftrecCore

@Suite struct SuiteLoaderTests {
    @Test func realProviderSuiteResolvesSchemasAndParameters() throws {
        let project = try TestProject()
        var loader = SuiteLoader(root: project.root)
        let suite = try loader.load(name: "provider")
        #expect(suite.cases.count == 9)
        #expect(suite.storeDisplay == "fixtures/recorded/provider.json")
        #expect(suite.usdPerRequest == 0.002299)
        let add = try #require(suite.cases.first { $0.key == "temperature_test_deterministic_run1" })
        #expect(add.schemaName == "name_description")
        #expect(add.parameters.maxTokens.text == "4096")
        #expect(add.parameters.temperature.text == "0.0")
        let warmup = try #require(suite.cases.first)
        #expect(warmup.warmup)
        #expect(warmup.parameters.maxTokens.text == "2048")
        #expect(suite.cases.first { $0.key == "error_handling_missing_fields" }?.expect == .any)
    }

    @Test func casesLoadedWithoutFingerprintsGiveTheSameOnesWhenAsked() throws {
        let project = try TestProject()
        var eager = SuiteLoader(root: project.root)
        var lazy = SuiteLoader(root: project.root)
        lazy.fingerprintsCases = false
        let loaded = try eager.load(name: "provider").cases
        let deferred = try lazy.load(name: "provider").cases
        #expect(deferred.map(\.key) == loaded.map(\.key))
        #expect(deferred.map(\.fingerprint) == loaded.map(\.fingerprint))
    }

    @Test func casesWithTheSameRequestShareAFingerprint() throws {
        let project = try TestProject()
        var loader = SuiteLoader(root: project.root)
        let cases = try loader.load(name: "provider").cases
        let run1 = try #require(cases.first { $0.key == "temperature_test_deterministic_run1" })
        let run2 = try #require(cases.first { $0.key == "temperature_test_deterministic_run2" })
        let quick = try #require(cases.first { $0.key == "max_tokens_quicksort_1024" })
        #expect(run1.fingerprint == run2.fingerprint)
        #expect(run1.fingerprint.schema == quick.fingerprint.schema)
        #expect(run1.fingerprint.request != quick.fingerprint.request)
    }

    @Test func endpointDefaultsApplyWhenTheSuiteHasNone() throws {
        let project = try TestProject(suites: ["s": #"{"format": "liftrec-suite/1", "name": "s", "cases": [{"key": "k", "prompt": "", "schema": true}]}"#])
        var loader = SuiteLoader(root: project.root)
        let suite = try loader.load(name: "s")
        #expect(suite.cases[0].parameters == SamplingParameters.endpointDefaults)
        #expect(suite.storeDisplay == "fixtures/recorded/s.json")
    }

    @Test func aSuiteNamesItsProtocolAndModalIsTheDefaultWithTheSameFingerprint() throws {
        let body = #"{"format": "liftrec-suite/1", "name": "NAME"PROTOCOL, "cases": [{"key": "k", "prompt": "p", "schema": true}]}"#
        let project = try TestProject(suites: [
            "plain": body.replacingOccurrences(of: "NAME", with: "plain").replacingOccurrences(of: "PROTOCOL", with: ""),
            "named": body.replacingOccurrences(of: "NAME", with: "named").replacingOccurrences(of: "PROTOCOL", with: #", "protocol": "modal""#),
        ])
        var loader = SuiteLoader(root: project.root)
        let plain = try loader.load(name: "plain")
        let named = try loader.load(name: "named")
        #expect(plain.wireProtocol.name == "modal")
        #expect(named.wireProtocol.name == "modal")
        #expect(plain.cases[0].fingerprint == named.cases[0].fingerprint)
    }

    @Test func anUnknownProtocolNamesTheOnesLiftrecSpeaks() throws {
        let project = try TestProject(suites: ["s": #"{"format": "liftrec-suite/1", "name": "s", "protocol": "grpc", "cases": []}"#])
        var loader = SuiteLoader(root: project.root)
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/s.json", caseKey: nil, field: "protocol", reason: #"unknown protocol "grpc"; this liftrec speaks "modal", "gemini", "openai-chat", "anthropic-messages", "openai-responses""#
        )) { try loader.load(name: "s") }
    }

    @Test func chatCasesGiveMessagesAndSystemAndAuthEnvNamesTheKey() throws {
        let project = try TestProject(suites: ["chat": #"""
            {"format": "liftrec-suite/1", "name": "chat", "protocol": "openai-chat", "auth_env": "VLLM_KEY", "model": "m", "cases": [
              {"key": "asked", "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Add"}],
               "system": "Answer in JSON.", "schema": true},
              {"key": "prompted", "prompt": "Add", "system": "Answer in JSON.", "schema": true}]}
            """#])
        var loader = SuiteLoader(root: project.root)
        let suite = try loader.load(name: "chat")
        let asked = try #require(suite.cases[0].requestBody["messages"]?.arrayValue)
        #expect(asked.count == 4)
        #expect(asked[0]["role"] == .string("system"))
        #expect(suite.cases[1].requestBody["messages"]?.arrayValue?.count == 2)
        #expect(suite.wireProtocol.authHeaders(["VLLM_KEY": "k", "OPENAI_API_KEY": "other"]).map(\.value) == ["Bearer k"])
    }

    @Test func modalCasesCannotGiveMessagesOrAuthEnv() throws {
        let messages = try TestProject(suites: ["s": #"{"format": "liftrec-suite/1", "name": "s", "cases": [{"key": "k", "messages": [{"role": "user", "content": "x"}], "schema": true}]}"#])
        var loader = SuiteLoader(root: messages.root)
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/s.json", caseKey: "k", field: "messages",
            reason: #"only chat protocols (gemini, openai-chat, anthropic-messages, openai-responses) take messages; this case speaks modal: use "prompt""#
        )) { try loader.load(name: "s") }
        let auth = try TestProject(suites: ["s": #"{"format": "liftrec-suite/1", "name": "s", "auth_env": "K", "cases": []}"#])
        var authLoader = SuiteLoader(root: auth.root)
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/s.json", caseKey: nil, field: "auth_env",
            reason: #"protocol "modal" takes its credentials from MODAL_KEY and MODAL_SECRET; remove auth_env"#
        )) { try authLoader.load(name: "s") }
    }

    @Test func suitesSharingAKeyInOneStoreAreRefused() throws {
        let body = #"{"format": "liftrec-suite/1", "name": "NAME", "store": "shared.json", "cases": [{"key": "k", "prompt": "", "schema": true}]}"#
        let project = try TestProject(suites: [
            "a": body.replacingOccurrences(of: "NAME", with: "a"),
            "b": body.replacingOccurrences(of: "NAME", with: "b"),
        ])
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/b.json", caseKey: "k", field: "key",
            reason: "suite 'a' uses the same key in the same store shared.json; rename one of the keys or give one suite its own store"
        )) { try project.workspace() }
    }

    @Test func longKeysAreStoredHashedAsResponseRecorderDoes() {
        let key = String(repeating: "k", count: 101)
        #expect(StoreKey.forCase(key) == "hash_dec651a2cfdb388f")
        #expect(StoreKey.forCase(String(repeating: "k", count: 100)) == String(repeating: "k", count: 100))
    }
}

@Suite struct ChatCaseLoadingTests {
    private static func load(_ cases: String, extra: String = "") throws -> Suite {
        let project = try TestProject(suites: [
            "s": #"{"format": "liftrec-suite/1", "name": "s", "protocol": "anthropic-messages", "model": "m"\#(extra), "cases": \#(cases)}"#,
        ])
        return try #require(try project.workspace().selected.first)
    }

    @Test func aChatCaseBuildsOnlyTheMembersItNamesAndSuiteDefaultsFillOnlyWhatTheSuiteNames() throws {
        let suite = try Self.load(#"[{"key": "t", "prompt": "Hi", "system": "Be terse."}]"#, extra: #", "defaults": {"max_tokens": 99}"#)
        let body = try #require(suite.cases[0].requestBody.objectValue)
        #expect(body.keys.sorted() == ["max_tokens", "messages", "model", "system"])
        #expect(body["temperature"] == nil && body["top_p"] == nil)
        #expect(suite.cases[0].fingerprint.members?.map(\.name) == ["max_tokens", "messages", "model", "system"])
    }

    @Test func aWholeRequestIsTheCaseAndCannotBeMixedWithTheShorthand() throws {
        let suite = try Self.load(#"[{"key": "r", "request": {"model": "x", "max_tokens": 5, "messages": [{"role": "user", "content": "Hi"}], "stream": true}}]"#)
        #expect(suite.cases[0].requestBody["model"] == .string("x"))
        #expect(suite.cases[0].fingerprint.members?.map(\.name) == ["max_tokens", "messages", "model"])
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/s.json", caseKey: "r", field: "prompt",
            reason: #"a case gives either "request" or the shorthand, not both; move prompt into the request or remove "request""#
        )) { try Self.load(#"[{"key": "r", "prompt": "Hi", "request": {"messages": []}}]"#) }
    }

    @Test func aCaseMayNameItsOwnProtocolAndModalCasesStillNeedASchema() throws {
        let suite = try Self.load(#"[{"key": "o", "protocol": "openai-chat", "prompt": "Hi"}, {"key": "m", "protocol": "modal", "prompt": "Hi", "schema": true}]"#)
        #expect(suite.cases.map(\.wireProtocol.name) == ["openai-chat", "modal"])
        #expect(suite.cases[1].fingerprint.members == nil)
        #expect(throws: LiftrecError.suite(
            file: "fixtures/suites/s.json", caseKey: "m", field: "schema",
            reason: #"required field is missing; give an inline schema or the name of one in "schemas""#
        )) { try Self.load(#"[{"key": "m", "protocol": "modal", "prompt": "Hi"}]"#) }
    }

    @Test func aDeclaredToolWithABrokenSchemaIsASuiteErrorNamingTheTool() throws {
        let error = #expect(throws: LiftrecError.self) {
            try Self.load(#"[{"key": "t", "prompt": "Hi", "tools": [{"name": "f", "input_schema": {"$ref": "http://x/y"}}]}]"#)
        }
        #expect(error?.message.contains("tools[0] (f)") == true)
    }

    @Test func everyVariableASuiteTakesAKeyFromIsASecretOfTheWorkspace() throws {
        let project = try TestProject(suites: [
            "s": #"{"format": "liftrec-suite/1", "name": "s", "protocol": "openai-chat", "auth_env": "VLLM_KEY", "cases": [{"key": "a", "protocol": "anthropic-messages", "prompt": "Hi"}]}"#,
        ])
        let variables = try project.workspace().credentialVariables
        #expect(variables.isSuperset(of: ["VLLM_KEY", "ANTHROPIC_API_KEY"]))
    }
}
