import Foundation
import Testing
@testable import LiftrecCore

/// The Modal protocol every committed store depends on: its request body, its fingerprint (pinned against the
/// project's own suite and store, so a change to either is a failure here, not a silently stale store), its replies.
@Suite struct ModalProtocolTests {
    private let modal = ModalProtocol()

    /// `simple_ir_add_function` of `fixtures/suites/provider.json`, as `fixtures/recorded/provider.json` records it and
    /// as Python's `hashlib` over the RFC 8785 body gives it.
    private static let pinned = (
        request: "f42008254d514655b4f6d815e6f4e397e9f8c63d03be6b852b3289bd2ea9cce6",
        prompt: "7ffc74fc0d4d60b97745bad668b7bdb234548a8b8bf8aa9ee5b67c68a90cd3de",
        schema: "2f946109b4ed64f70ae1d78f7986ba71326a077ab0c230e29ac8c7cbdfb9a761",
        params: "3035d1d279a57de45ef9d11ddb910ebc435a318de4c407d4e34b228001d3607f"
    )

    private static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    private static func packageFile(_ relative: String) throws -> String {
        try String(contentsOfFile: TestProject.packageRoot.path + "/" + relative, encoding: .utf8)
    }

    /// The cases of the project's own provider suite, loaded as liftrec loads them.
    private static func providerCases() throws -> (cases: [SuiteCase], project: TestProject) {
        let project = try TestProject(suites: ["provider": packageFile("fixtures/suites/provider.json")])
        return (try #require(try project.workspace().selected.first).cases, project)
    }

    private static func providerCase(_ key: String) throws -> (SuiteCase, TestProject) {
        let (cases, project) = try providerCases()
        return (try #require(cases.first { $0.key == key }), project)
    }

    /// The project's provider store, as `metadata.liftrec` of each key.
    private static func recordedFacts() throws -> [String: JSONObject] {
        let store = try object(packageFile("fixtures/recorded/provider.json"))
        var facts: [String: JSONObject] = [:]
        for key in store.keys {
            facts[key] = store[key]?["metadata"]?["liftrec"]?.objectValue
        }
        return facts
    }

    // MARK: - Request building

    @Test func theBodyHasEveryFieldWithTheSchemaNameResolvedAndTheSuiteDefaultsFilledIn() throws {
        let (suiteCase, _) = try Self.providerCase("simple_ir_add_function")
        let body = try #require(modal.requestBody(suiteCase.request).objectValue)
        #expect(body.keys.sorted() == ["max_tokens", "prompt", "schema", "temperature", "top_p"])
        let suite = try Self.object(Self.packageFile("fixtures/suites/provider.json"))
        #expect(body["schema"] == suite["schemas"]?["ir"])
        #expect(body["prompt"]?.stringValue?.contains("Write a Python function called 'add'") == true)
        #expect(body["max_tokens"]?.numberValue?.intValue == 2048)
        #expect(body["temperature"]?.numberValue?.doubleValue == 0)
        #expect(body["top_p"]?.numberValue?.doubleValue == 0.95)
    }

    @Test func aCaseFieldOverridesTheSuiteDefaultAndAnEmptyPromptIsStillAPrompt() throws {
        let (suiteCase, _) = try Self.providerCase("error_handling_missing_fields")
        let body = try #require(modal.requestBody(suiteCase.request).objectValue)
        #expect(body["max_tokens"]?.numberValue?.intValue == 50)
        #expect(body["prompt"] == .string(""))
    }

    @Test func withoutSuiteDefaultsTheEndpointsOwnApply() throws {
        let project = try TestProject(suites: ["bare": #"{"format": "liftrec-suite/1", "name": "bare", "cases": [{"key": "k", "prompt": "p", "schema": {"type": "object"}}]}"#])
        let suiteCase = try #require(try project.workspace().selected.first?.cases.first)
        let body = try #require(modal.requestBody(suiteCase.request).objectValue)
        #expect(body["max_tokens"]?.numberValue?.intValue == 2048)
        #expect(body["temperature"]?.numberValue?.doubleValue == 0.3)
        #expect(body["top_p"]?.numberValue?.doubleValue == 0.95)
        #expect(body["schema"] == .object(JSONObject([("type", .string("object"))])))
    }

    // MARK: - Fingerprint

    @Test func theFingerprintOfAProviderCaseIsPinned() throws {
        let (suiteCase, _) = try Self.providerCase("simple_ir_add_function")
        let fingerprint = try modal.fingerprint(suiteCase.request)
        #expect(fingerprint.request == Self.pinned.request)
        #expect(fingerprint.prompt == Self.pinned.prompt)
        #expect(fingerprint.schema == Self.pinned.schema)
        #expect(fingerprint.params == Self.pinned.params)
        #expect(fingerprint.members == nil)
    }

    @Test func everyProviderCaseFingerprintsAsItsCommittedFixtureRecords() throws {
        let (cases, _) = try Self.providerCases()
        let facts = try Self.recordedFacts()
        #expect(cases.count == 9)
        for suiteCase in cases {
            let recorded = try #require(facts[suiteCase.storeKey], "\(suiteCase.key) has no fixture")
            let fingerprint = try modal.fingerprint(suiteCase.request)
            #expect(fingerprint.request == recorded["request_sha256"]?.stringValue, "\(suiteCase.key)")
            #expect(fingerprint.prompt == recorded["prompt_sha256"]?.stringValue, "\(suiteCase.key)")
            #expect(fingerprint.schema == recorded["schema_sha256"]?.stringValue, "\(suiteCase.key)")
            #expect(fingerprint.params == recorded["params_sha256"]?.stringValue, "\(suiteCase.key)")
        }
    }

    @Test func aReceivedBodyFingerprintsAsItsCaseWhateverItsKeyOrderAndNumberSpelling() throws {
        let (suiteCase, _) = try Self.providerCase("simple_ir_add_function")
        let body = try #require(modal.requestBody(suiteCase.request).objectValue)
        #expect(try modal.fingerprint(incoming: body).request == Self.pinned.request)
        var reordered = JSONObject()
        for key in body.keys.reversed() { reordered[key] = body[key] }
        reordered["temperature"] = .number(JSONNumber(text: "0.0"))
        reordered["max_tokens"] = .number(JSONNumber(text: "2048.0"))
        #expect(try modal.fingerprint(incoming: reordered).request == Self.pinned.request)
    }

    @Test func absentFieldsOfAReceivedBodyTakeTheEndpointDefaults() throws {
        let full = try Self.object(#"{"prompt": "p", "schema": {"type": "object"}, "max_tokens": 2048, "temperature": 0.3, "top_p": 0.95}"#)
        let bare = try Self.object(#"{"prompt": "p", "schema": {"type": "object"}}"#)
        #expect(try modal.fingerprint(incoming: bare) == modal.fingerprint(incoming: full))
        let colder = try Self.object(#"{"prompt": "p", "schema": {"type": "object"}, "temperature": 0}"#)
        #expect(try modal.fingerprint(incoming: colder).changedParts(since: modal.fingerprint(incoming: bare).parts) == ["params"])
        let other = try Self.object(#"{"prompt": "q", "schema": {"type": "object"}}"#)
        #expect(try modal.fingerprint(incoming: other).changedParts(since: modal.fingerprint(incoming: bare).parts) == ["prompt"])
    }

    // MARK: - Replies

    @Test func aResultReplyGivesItsIRJSONUsageAndFinishReason() throws {
        let reading = modal.read(try Self.object(#"{"ir_json": {"intent": {"summary": "add"}}, "tokens_used": 123, "generation_time_ms": 13290.5, "finish_reason": "stop"}"#))
        #expect(reading.output == .object(JSONObject([("intent", .object(JSONObject([("summary", .string("add"))])))])))
        #expect(reading.outputMember == "ir_json")
        #expect(reading.tokensUsed?.intValue == 123)
        #expect(reading.generationTimeMs?.doubleValue == 13290.5)
        #expect(reading.finishReason == "stop")
        #expect(!reading.isError)
        #expect(reading.rawOutput == nil)
    }

    @Test func anErrorReplyIsHTTP200WithItsMessageAndRawOutput() throws {
        let reading = modal.read(try Self.object(
            #"{"error": "Failed to parse JSON from model output", "raw_output": "{\"intent\": ", "ir_json": null, "finish_reason": "json_error"}"#))
        #expect(reading.isError)
        #expect(reading.error == "Failed to parse JSON from model output")
        #expect(reading.rawOutput == #"{"intent": "#)
        #expect(reading.output == .null)
        #expect(reading.finishReason == "json_error")
        #expect(!modal.isErrorReply(status: 200))
        #expect(!modal.isErrorReply(status: 500), "Modal sends its error replies with 200; another status is a failed exchange")
        let missing = modal.read(try Self.object(#"{"error": "Missing required field: prompt", "status": 400}"#))
        #expect(missing.error == "Missing required field: prompt")
        #expect(missing.output == nil)
        let nullError = modal.read(try Self.object(#"{"ir_json": {}, "error": null, "finish_reason": "stop"}"#))
        #expect(!nullError.isError)
    }

    @Test func aNonTextErrorIsReadAsItsBriefJSON() throws {
        let reading = modal.read(try Self.object(#"{"error": {"code": 7}, "ir_json": null}"#))
        #expect(reading.isError)
        #expect(reading.error?.contains("7") == true)
    }

    @Test(arguments: [("length", true), ("json_error", true), ("stop", false), ("error", false), ("", false)])
    func truncationIsLengthOrAJSONErrorAfterIt(_ finishReason: String, _ truncated: Bool) {
        #expect(modal.isTruncation(finishReason) == truncated)
    }

    @Test func aRebuiltReplyOfAnErrorFixtureIsTheErrorReplyAndOfAResultTheResultReply() throws {
        var facts = FixtureFacts(status: .error, fingerprint: RequestFingerprint(unavailable: "test"))
        facts.error = "Missing required field: prompt"
        let error = modal.rebuiltReply(response: .null, facts: facts)
        #expect(error["error"] == .string("Missing required field: prompt"))
        #expect(error["ir_json"] == .null)
        #expect(error["raw_output"] == .null)
        #expect(error["finish_reason"] == .string("error"))
        var okFacts = FixtureFacts(status: .ok, fingerprint: RequestFingerprint(unavailable: "test"))
        okFacts.tokensUsed = JSONNumber(42)
        okFacts.finishReason = "length"
        let result = modal.rebuiltReply(response: .object(JSONObject()), facts: okFacts)
        #expect(result.keys.sorted() == ["finish_reason", "generation_time_ms", "ir_json", "tokens_used"])
        #expect(result["tokens_used"] == .number(JSONNumber(42)))
        #expect(result["finish_reason"] == .string("length"))
        #expect(modal.read(result).finishReason.map(modal.isTruncation) == true)
    }

    @Test func theReplayServersErrorBodyIsTheMessageWithItsExtraMembers() {
        let body = modal.errorBody(status: 404, message: "no fixture", extra: JSONObject([("nearest", .string("simple_ir_add_function"))]))
        #expect(body.keys == ["error", "nearest"])
        #expect(body["error"] == .string("no fixture"))
    }

    // MARK: - Routes, health and warm-up

    @Test(arguments: [
        ("/", Route.Purpose.generate), ("/generate", .generate), ("/api/generate", .generate),
        ("/health", .health), ("/warmup", .warmup),
    ])
    func routesByTheLastPathSegment(_ path: String, _ purpose: Route.Purpose) {
        #expect(modal.route(path: path) == purpose)
    }

    @Test func otherPathsAreNoModalRoute() {
        #expect(modal.route(path: "/v1/chat/completions") == nil)
        #expect(modal.route(path: "/generated") == nil)
    }

    @Test func healthAndWarmupAreSiblingsOfTheGenerateURLInBothStyles() throws {
        let label = try EndpointURL(parsing: "https://ws--generate.modal.run")
        #expect(modal.requestURL(endpoint: label).absoluteString == "https://ws--generate.modal.run")
        #expect(try modal.healthURL(endpoint: label).absoluteString == "https://ws--health.modal.run")
        #expect(try modal.warmupURL(endpoint: label)?.absoluteString == "https://ws--warmup.modal.run")
        let path = try EndpointURL(parsing: "http://127.0.0.1:8000/generate")
        #expect(try modal.healthURL(endpoint: path).absoluteString == "http://127.0.0.1:8000/health")
        #expect(try modal.warmupURL(endpoint: path)?.absoluteString == "http://127.0.0.1:8000/warmup")
    }

    @Test func theHealthAndWarmupRepliesHaveTheEndpointsShapes() {
        let health = modal.healthReply(model: "liftrec-replay (Qwen)", backend: "liftrec-replay")
        #expect(health.keys == ["status", "model", "gpu", "backend"])
        #expect(health["status"] == .string("healthy"))
        #expect(modal.model(inHealth: health) == "liftrec-replay (Qwen)")
        let warm = modal.warmupReply(model: "m", backend: "b")
        #expect(warm?["status"] == .string("warm"))
        #expect(warm?["model_loaded"] == .bool(true))
        #expect(warm?["model"] == .string("m"))
    }

    // MARK: - Auth and client variables

    @Test func proxyAuthNeedsBothVariables() {
        let headers = modal.authHeaders(["MODAL_KEY": "wk-1", "MODAL_SECRET": "ws-2"])
        #expect(headers.map(\.name) == ["Modal-Key", "Modal-Secret"])
        #expect(headers.map(\.value) == ["wk-1", "ws-2"])
        #expect(modal.authHeaders(["MODAL_KEY": "wk-1"]).isEmpty)
        #expect(modal.authHeaders(["MODAL_KEY": "wk-1", "MODAL_SECRET": ""]).isEmpty)
        #expect(modal.credentialVariables == ["MODAL_KEY", "MODAL_SECRET"])
    }

    @Test func aWrappedCommandIsPointedAtTheGenerateRoute() {
        let variables = modal.clientVariables(origin: "http://127.0.0.1:4321", existing: [:])
        #expect(variables == ["MODAL_ENDPOINT_URL": "http://127.0.0.1:4321/generate", "LIFTREC_ENDPOINT": "http://127.0.0.1:4321/generate"])
    }

    @Test func aLearnedCaseWritesEverySamplingFieldOut() throws {
        let body = try Self.object(#"{"prompt": "p", "schema": {"type": "object"}, "max_tokens": 64}"#)
        let route = try #require(WireProtocols.route(method: "POST", path: "/generate", host: nil))
        let entry = try modal.learnedCase(body, route: route)
        #expect(entry.keys.sorted() == ["max_tokens", "prompt", "schema", "temperature", "top_p"])
        #expect(entry["max_tokens"]?.numberValue?.intValue == 64)
        #expect(entry["temperature"]?.numberValue?.doubleValue == 0.3)
    }
}
