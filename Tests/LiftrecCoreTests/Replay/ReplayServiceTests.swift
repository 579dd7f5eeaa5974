import Foundation
import Synchronization
import Testing
@testable import LiftrecCore

/// A replay service over the provider suite, served on a system-picked loopback port.
final class ReplayHarness {
    let project: TestProject
    let workspace: Workspace
    let service: ReplayService
    let server: HTTPServer
    let stderr = CapturedLines()

    /// Lines written to the service's stderr.
    final class CapturedLines: Sendable {
        let lines = Mutex<[String]>([])
    }

    /// Serves `suite` (the provider suite by default) from `store` (a file in Tests/Fixtures, or nil for none), edited by `edit`.
    init(
        suite: String? = nil, store: String? = "provider-independent.json", options: ReplayService.Options = ReplayService.Options(),
        journals: Bool = false, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
        edit: (inout JSONObject) -> Void = { _ in }
    ) throws {
        project = try suite.map { try TestProject(suites: ["provider": $0]) } ?? TestProject()
        let path = project.root + "/fixtures/recorded/provider.json"
        if let store {
            var entries = try #require(try JSONParser.parse(FileSystem.read(TestProject.fixtures + "/" + store)).objectValue)
            edit(&entries)
            try project.write(JSONWriter.pretty(.object(entries)), to: "fixtures/recorded/provider.json")
        }
        try FileSystem.createDirectories(project.root + "/fixtures/recorded")
        workspace = try project.workspace()
        // A learning service keeps its fixtures in the learned suite's store, beside the provider's.
        let paths = [path] + (options.learner.map { [$0.storePath] } ?? [])
        var stores: [String: Store] = [:]
        var opened: [String: Journal] = [:]
        for path in paths {
            stores[path] = try Store.load(path: path, display: FileSystem.baseName(path))
            if journals { opened[path] = try Journal.open(storePath: path) }
        }
        let sink = TextSink { [stderr] text in stderr.lines.withLock { $0.append(text) } }
        service = ReplayService(
            suites: workspace.selected, stores: stores, options: options, journals: opened,
            redactor: SecretRedactor(variables: [:]), stderr: sink, now: { 1_800_000_000 }
        )
        var configuration = HTTPServerConfiguration()
        configuration.eventLoops = 2
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, handler: service.handle)
        try server.start()
    }

    // Only asks the server to stop: its own threads finish the rest, and a test never waits on them.
    deinit {
        server.stop()
    }

    /// The provider case named `key`.
    func suiteCase(_ key: String) throws -> SuiteCase {
        try #require(workspace.selected[0].cases.first { $0.key == key })
    }

    /// The exact body the lift-sys ModalProvider sends for case `key`.
    func body(_ key: String) throws -> [UInt8] {
        JSONWriter.compact(try suiteCase(key).requestBody)
    }

    /// A new keep-alive connection.
    func client() throws -> RawClient {
        try #require(RawClient(port: server.port))
    }

    /// POSTs `body` on `client`, with `headers` (`Name: value` lines) besides the usual ones, and reads the answer.
    static func post(_ body: [UInt8], on client: RawClient, path: String = "/generate", headers: [String] = []) async throws -> RawClient.Response {
        let extra = headers.map { $0 + "\r\n" }.joined()
        client.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\(extra)Content-Length: \(body.count)\r\n\r\n")
        client.send(body)
        return try #require(await client.readResponse(), "no answer to POST \(path)")
    }

    /// POSTs `body` on a new connection and reads the answer.
    func post(_ body: [UInt8], path: String = "/generate", headers: [String] = []) async throws -> RawClient.Response {
        try await Self.post(body, on: try client(), path: path, headers: headers)
    }

    /// GETs `path` on `client` and reads the answer.
    static func get(_ path: String, on client: RawClient, host: String = "127.0.0.1") async throws -> RawClient.Response {
        client.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        return try #require(await client.readResponse(), "no answer to GET \(path)")
    }

    /// A response body parsed as a JSON object.
    static func object(_ response: RawClient.Response) throws -> JSONObject {
        try #require(try JSONParser.parse(response.body).objectValue)
    }

    /// The stats route's answer.
    func stats() async throws -> JSONObject {
        try Self.object(try await Self.get("/__liftrec/stats", on: try client()))
    }
}

@Suite struct ReplayServiceTests {
    // The two temperature cases make one identical request; each fixture's answer names its own case.
    private static func distinguishRuns(_ entries: inout JSONObject) {
        for key in ["temperature_test_deterministic_run1", "temperature_test_deterministic_run2"] {
            guard var entry = entries[key]?.objectValue else { continue }
            entry["response"] = .object(JSONObject([("description", .string(key)), ("name", .string("add_numbers"))]))
            entries[key] = .object(entry)
        }
    }

    private func number(_ object: JSONObject, _ key: String) -> Int? {
        object[key]?.numberValue?.intValue
    }

    @Test func answersTheRecordedReplyInTheEndpointShapeByteForByte() async throws {
        let harness = try ReplayHarness()
        let response = try await harness.post(try harness.body("simple_ir_add_function"))
        #expect(response.status == 200)
        #expect(response.header("X-Liftrec-Fixture") == "provider/simple_ir_add_function")
        let store = try Store.load(path: harness.project.root + "/fixtures/recorded/provider.json", display: "p")
        let fixture = try #require(store.fixture("simple_ir_add_function"))
        #expect(response.body == JSONWriter.compact(.object(fixture.reply(facts: try fixture.facts(), speaking: ModalProtocol()).body)))
        let reply = try ReplayHarness.object(response)
        #expect(reply["ir_json"] == fixture.response.value)
        #expect(reply["finish_reason"] == .string("stop"))
    }

    @Test func labelStyleRootAnswersGenerateToo() async throws {
        let harness = try ReplayHarness()
        let response = try await harness.post(try harness.body("warmup_basic_function"), path: "/")
        #expect(response.status == 200)
        #expect(response.header("X-Liftrec-Fixture") == "provider/warmup_basic_function")
    }

    @Test func anErrorFixtureAnswersItsErrorReplyWithStatus200AndMissingFieldsTakeEndpointDefaults() async throws {
        let harness = try ReplayHarness()
        // The case sends an empty prompt; a client that leaves the field out entirely makes the same request.
        var request = try #require(try harness.suiteCase("error_handling_missing_fields").requestBody.objectValue)
        request["prompt"] = nil
        let response = try await harness.post(JSONWriter.compact(.object(request)))
        #expect(response.status == 200)
        let reply = try ReplayHarness.object(response)
        #expect(reply["error"] == .string("Missing required field: prompt"))
        #expect(reply["ir_json"] == .null)
        #expect(reply["finish_reason"] == .string("error"))
    }

    @Test func aMissIs404NamingTheNearestCaseAndWhatDiffers() async throws {
        let harness = try ReplayHarness()
        var request = try #require(try harness.suiteCase("simple_ir_add_function").requestBody.objectValue)
        request["prompt"] = .string("Write a function called 'subtract'.")
        let response = try await harness.post(JSONWriter.compact(.object(request)))
        #expect(response.status == 404)
        let reply = try ReplayHarness.object(response)
        #expect(reply["error"] == .string("liftrec: no fixture for this request; the nearest case is provider/simple_ir_add_function, but it has a different prompt"))
        #expect(reply["nearest"] == .object(JSONObject([
            ("suite", .string("provider")), ("key", .string("simple_ir_add_function")), ("differs", .array([.string("prompt")])),
        ])))
        let lines = harness.stderr.lines.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("provider/simple_ir_add_function") == true)
        #expect(lines.first?.contains("different prompt") == true)
    }

    @Test func nearestBreaksTiesBySuiteOrderAndNamesSchemaAndParams() async throws {
        let harness = try ReplayHarness()
        var request = try #require(try harness.suiteCase("max_tokens_quicksort_1024").requestBody.objectValue)
        request["max_tokens"] = .number(JSONNumber(512))
        request["schema"] = .object(JSONObject([("type", .string("array"))]))
        let reply = try ReplayHarness.object(try await harness.post(JSONWriter.compact(.object(request))))
        // Both quicksort cases share the prompt; the first in suite order wins.
        #expect(reply["nearest"]?["key"] == .string("max_tokens_quicksort_1024"))
        #expect(reply["nearest"]?["differs"] == .array([.string("schema"), .string("params")]))
        #expect(reply["nearest"]?["parameters"] == .array([.object(JSONObject([
            ("name", .string("max_tokens")), ("requested", .string("512")), ("expected", .string("1024")),
        ]))]))
    }

    @Test func aNearMissNamesTheParameterAndBothValues() async throws {
        let harness = try ReplayHarness()
        var request = try #require(try harness.suiteCase("simple_ir_add_function").requestBody.objectValue)
        // The commonest real miss: a client's default temperature against the suite's 0.0.
        request["temperature"] = .number(JSONNumber(text: "0.3"))
        let response = try await harness.post(JSONWriter.compact(.object(request)))
        #expect(response.status == 404)
        let line = try #require(harness.stderr.lines.withLock { $0 }.first)
        #expect(line.contains("the nearest case is provider/simple_ir_add_function, but it has other sampling parameters: temperature is 0.3 in the request and 0.0 in the case"), "\(line)")
    }

    @Test func aBadChatRequestIs400NamingTheChatShapeAndAnUnknownOneIsAMiss() async throws {
        let harness = try ReplayHarness()
        let bad = try await harness.post(Array("not json".utf8), path: "/v1/chat/completions")
        #expect(bad.status == 400)
        #expect(try ReplayHarness.object(bad)["error"]?["message"]?.stringValue?.contains("a chat completions request") == true)
        #expect(try ReplayHarness.object(bad)["error"]?["type"] == .string("invalid_request_error"))
        let miss = try await harness.post(Array(#"{"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": true}"#.utf8), path: "/v1/chat/completions")
        #expect(miss.status == 404)
    }

    @Test(arguments: ["not json", "[1, 2]", "{\"max_tokens\": 1e999}"])
    func aBodyThatIsNotARequestObjectIs400AndTheConnectionStaysUsable(body: String) async throws {
        let harness = try ReplayHarness()
        let client = try harness.client()
        let response = try await ReplayHarness.post(Array(body.utf8), on: client)
        #expect(response.status == 400)
        let message = try #require(try ReplayHarness.object(response)["error"]?.stringValue)
        #expect(message.hasPrefix("liftrec: the request body"))
        #expect(message.contains("\"prompt\", \"schema\", \"max_tokens\", \"temperature\", \"top_p\""))
        #expect(try await ReplayHarness.post(try harness.body("warmup_basic_function"), on: client).status == 200)
        #expect(number(try await harness.stats(), "bad_requests") == 1)
    }

    @Test func aBodyOverMaxBodyIs413() async throws {
        let harness = try ReplayHarness(configure: { $0.maxBodyBytes = 100 })
        let client = try harness.client()
        let response = try await ReplayHarness.post(try harness.body("simple_ir_add_function"), on: client)
        #expect(response.status == 413)
        #expect(try ReplayHarness.object(response)["error"]?.stringValue?.contains("larger than 100 bytes") == true)
    }

    @Test func identicalRequestsGetDuplicateFixturesInSuiteOrderAndTheLastRepeats() async throws {
        let harness = try ReplayHarness(edit: Self.distinguishRuns)
        let client = try harness.client()
        var seen: [String] = []
        for _ in 0..<3 {
            let response = try await ReplayHarness.post(try harness.body("temperature_test_deterministic_run1"), on: client)
            seen.append(try ReplayHarness.object(response)["ir_json"]?["description"]?.stringValue ?? "")
        }
        #expect(seen == ["temperature_test_deterministic_run1", "temperature_test_deterministic_run2", "temperature_test_deterministic_run2"])
    }

    @Test func parallelTestsEachGetTheSequenceFromItsStart() async throws {
        let harness = try ReplayHarness(edit: Self.distinguishRuns)
        let body = try harness.body("temperature_test_deterministic_run1")
        // Two workers interleave their identical requests; each names its test, so neither takes the other's turn.
        var seen: [String: [String]] = [:]
        for test in ["test_a", "test_b", "test_b", "test_a"] {
            let response = try await harness.post(body, headers: ["X-Liftrec-Test: \(test)"])
            seen[test, default: []].append(try ReplayHarness.object(response)["ir_json"]?["description"]?.stringValue ?? "")
        }
        let inOrder = ["temperature_test_deterministic_run1", "temperature_test_deterministic_run2"]
        #expect(seen["test_a"] == inOrder)
        #expect(seen["test_b"] == inOrder)
    }

    @Test func statsCountHitsMissesAndHitsPerKey() async throws {
        let harness = try ReplayHarness()
        let client = try harness.client()
        _ = try await ReplayHarness.post(try harness.body("warmup_basic_function"), on: client)
        _ = try await ReplayHarness.post(try harness.body("warmup_basic_function"), on: client)
        _ = try await ReplayHarness.post(Array(#"{"prompt": "unknown"}"#.utf8), on: client)
        let stats = try await harness.stats()
        #expect(number(stats, "requests") == 3)
        #expect(number(stats, "hits") == 2)
        #expect(number(stats, "misses") == 1)
        let keys = try #require(stats["keys"]?.arrayValue)
        #expect(keys.count == 9)
        #expect(keys.first { $0["key"] == .string("warmup_basic_function") }?["hits"] == .number(JSONNumber(2)))
        #expect(keys.first { $0["key"] == .string("simple_ir_add_function") }?["hits"] == .number(JSONNumber(0)))
        #expect(stats["missed"]?.arrayValue?.count == 1)
    }

    @Test func theJournalListsRequestsOldestFirstWithWhatEachHitOrMissed() async throws {
        let harness = try ReplayHarness()
        let client = try harness.client()
        _ = try await ReplayHarness.get("/health", on: client)
        _ = try await ReplayHarness.post(try harness.body("simple_ir_add_function"), on: client)
        var request = try #require(try harness.suiteCase("simple_ir_add_function").requestBody.objectValue)
        request["temperature"] = .number(JSONNumber(text: "0.7"))
        _ = try await ReplayHarness.post(JSONWriter.compact(.object(request)), on: client)
        let journal = try ReplayHarness.object(try await ReplayHarness.get("/__liftrec/journal", on: client))
        let records = try #require(journal["requests"]?.arrayValue)
        #expect(records.map { $0["outcome"]?.stringValue } == ["health", "hit", "miss"])
        #expect(records.map { $0["status"]?.numberValue?.intValue } == [200, 200, 404])
        #expect(records[1]["suite"] == .string("provider"))
        #expect(records[1]["key"] == .string("simple_ir_add_function"))
        #expect(records[1]["method"] == .string("POST"))
        #expect(records[1]["path"] == .string("/generate"))
        #expect(records[1]["time"] == .string("2027-01-15T08:00:00Z"))
        #expect(records[1]["latency_ms"]?.numberValue != nil)
        #expect(records[2]["nearest"]?["differs"] == .array([.string("params")]))
        #expect(journal["dropped"] == .number(JSONNumber(0)))
    }

    @Test func theJournalKeepsOnlyTheLastTenThousand() {
        var log = ReplayRequestLog()
        for index in 0..<(ReplayRequestLog.capacity + 5) {
            log.append(.init(time: 0, method: "GET", path: "/\(index)", status: 200, latencyMs: 0, outcome: .other("health")))
        }
        let records = log.json["requests"]?.arrayValue ?? []
        #expect(records.count == ReplayRequestLog.capacity)
        #expect(records.first?["path"] == .string("/5"))
        #expect(records.last?["path"] == .string("/\(ReplayRequestLog.capacity + 4)"))
        #expect(log.json["dropped"] == .number(JSONNumber(5)))
    }

    @Test func failEveryAnswersEveryNthGenerateWith500() async throws {
        var options = ReplayService.Options()
        options.failEvery = 2
        let harness = try ReplayHarness(options: options)
        let client = try harness.client()
        var statuses: [Int] = []
        for _ in 0..<4 {
            statuses.append(try await ReplayHarness.post(try harness.body("warmup_basic_function"), on: client).status)
        }
        #expect(statuses == [200, 500, 200, 500])
        let stats = try await harness.stats()
        #expect(number(stats, "injected_failures") == 2)
        #expect(number(stats, "hits") == 2)
    }

    @Test func healthAndWarmupAnswerInTheEndpointShapesNamingTheReplay() async throws {
        let harness = try ReplayHarness()
        let client = try harness.client()
        let health = try ReplayHarness.object(try await ReplayHarness.get("/health", on: client))
        #expect(health["status"] == .string("healthy"))
        #expect(health["model"] == .string("liftrec-replay (Qwen/Qwen2.5-Coder-32B-Instruct)"))
        let warmup = try ReplayHarness.object(try await ReplayHarness.get("/warmup", on: client))
        #expect(warmup["status"] == .string("warm"))
        #expect(warmup["model_loaded"] == .bool(true))
        let labelled = try ReplayHarness.object(try await ReplayHarness.get("/", on: client, host: "ws--warmup.localhost:9"))
        #expect(labelled["status"] == .string("warm"))
    }

    @Test func wrongMethodsAndUnknownPathsAreRefusedClearly() async throws {
        let harness = try ReplayHarness()
        let client = try harness.client()
        let wrong = try await ReplayHarness.get("/generate", on: client)
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "POST")
        let unknown = try await ReplayHarness.get("/nothing", on: client)
        #expect(unknown.status == 404)
        #expect(try ReplayHarness.object(unknown)["error"]?.stringValue?.contains("POST /generate") == true)
    }

    @Test func aDelayedReplyDoesNotHoldUpOtherRequestsOnTheSameLoop() async throws {
        var options = ReplayService.Options()
        options.latency = .fixed(milliseconds: 60_000)
        let harness = try ReplayHarness(options: options, configure: { $0.eventLoops = 1; $0.stopTimeout = .milliseconds(10) })
        let slow = try harness.client()
        slow.send("POST /generate HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}")
        // The health check is answered while the generate reply still waits out its minute.
        #expect(try await ReplayHarness.get("/health", on: try harness.client()).status == 200)
        #expect(number(try await harness.stats(), "requests") == 1)
    }

    @Test func sixtyFourConcurrentClientsGetNoErrors() async throws {
        let harness = try ReplayHarness()
        let body = try harness.body("simple_ir_add_function")
        let expected = try await harness.post(body).body
        let port = harness.server.port
        let failures = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    guard let client = RawClient(port: port) else { return 20 }
                    var failed = 0
                    for _ in 0..<20 {
                        let response = try? await ReplayHarness.post(body, on: client)
                        if response?.status != 200 || response?.body != expected { failed += 1 }
                    }
                    return failed
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(number(try await harness.stats(), "hits") == 64 * 20 + 1)
    }
}
