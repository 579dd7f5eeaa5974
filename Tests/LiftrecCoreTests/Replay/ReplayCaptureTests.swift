import Foundation
import Testing
@testable import LiftrecCore

@Suite struct ReplayCaptureTests {
    /// Cases whose schema any object satisfies, so the simulator's answers are valid fixtures; two make the same request.
    static let suite = """
        {"format": "liftrec-suite/1", "name": "provider", "store": "fixtures/recorded/provider.json",
         "defaults": {"max_tokens": 2048, "temperature": 0.0, "top_p": 0.95},
         "cases": [
           {"key": "warmup_basic_function", "prompt": "Return True", "schema": {"type": "object"}},
           {"key": "simple_ir_add_function", "prompt": "Write add", "schema": {"type": "object"}},
           {"key": "temperature_test_deterministic_run1", "prompt": "Add two numbers", "schema": {"type": "object"}, "max_tokens": 4096},
           {"key": "temperature_test_deterministic_run2", "prompt": "Add two numbers", "schema": {"type": "object"}, "max_tokens": 4096}
         ]}
        """

    private static func options(simulator: String = "sim", records: Bool = true) throws -> ReplayService.Options {
        let settings = try SimulatorSettings(parsing: simulator)
        let target = ReplayUpstream.Target(
            transport: SimulatedEndpoint(settings: settings), url: SimulatedEndpoint.origin, name: simulator, model: SimulatedEndpoint.model
        )
        var options = ReplayService.Options()
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: records)
        return options
    }

    private func number(_ object: JSONObject, _ key: String) -> Int? {
        object[key]?.numberValue?.intValue
    }

    @Test func aMissIsRecordedFromTheUpstreamAndTheNextIdenticalRequestIsAHit() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let body = try harness.body("simple_ir_add_function")
        let first = try await harness.post(body)
        #expect(first.status == 200)
        #expect(first.header("X-Liftrec-Fixture") == nil)
        let second = try await harness.post(body)
        #expect(second.status == 200)
        #expect(second.header("X-Liftrec-Fixture") == "provider/simple_ir_add_function")
        #expect(try ReplayHarness.object(second)["ir_json"] == (try ReplayHarness.object(first))["ir_json"])
        let stats = try await harness.stats()
        #expect(number(stats, "misses") == 1)
        #expect(number(stats, "recorded") == 1)
        #expect(number(stats, "hits") == 1)

        let path = harness.project.root + "/fixtures/recorded/provider.json"
        let journaled = try Journal.entries(storePath: path)
        #expect(journaled.map(\.key) == ["simple_ir_add_function"])
        let stores = harness.service.close()
        #expect(stores.map(\.path) == [path])
        let facts = try #require(try stores.first?.fixture("simple_ir_add_function")?.facts())
        #expect(facts.endpoint == "sim")
        #expect(facts.model == SimulatedEndpoint.model)
        #expect(facts.requestSHA256 == (try harness.suiteCase("simple_ir_add_function")).fingerprint.request)
        #expect(harness.stderr.lines.withLock { $0 }.contains { $0.contains("recorded provider/simple_ir_add_function from sim") })
    }

    @Test func twoIdenticalMissingCasesAreRecordedInTurnThenTheLastRepeats() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let body = try harness.body("temperature_test_deterministic_run1")
        var fixtures: [String?] = []
        for _ in 0..<4 {
            fixtures.append(try await harness.post(body).header("X-Liftrec-Fixture"))
        }
        #expect(fixtures == [nil, nil, "provider/temperature_test_deterministic_run2", "provider/temperature_test_deterministic_run2"])
        let store = try #require(harness.service.close().first)
        #expect(store.fixture("temperature_test_deterministic_run1") != nil)
        #expect(store.fixture("temperature_test_deterministic_run2") != nil)
    }

    @Test func aReplyThatFailsValidationIsAnsweredButNotStored() async throws {
        // The simulator cuts replies short below 5000 tokens; this case asks for 4096.
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(simulator: "sim:truncate-under=5000"), journals: true)
        let body = try harness.body("temperature_test_deterministic_run1")
        let first = try await harness.post(body)
        #expect(first.status == 200)
        #expect(try ReplayHarness.object(first)["finish_reason"] == .string("length"))
        #expect(harness.stderr.lines.withLock { $0 }.contains { $0.contains("not stored provider/temperature_test_deterministic_run1") && $0.contains("cut short") })
        _ = try await harness.post(body)
        let stats = try await harness.stats()
        #expect(number(stats, "recorded") == 0)
        #expect(number(stats, "forwarded") == 2)
        #expect(harness.service.close().isEmpty)
        #expect(try Journal.entries(storePath: harness.project.root + "/fixtures/recorded/provider.json").isEmpty)
    }

    @Test func upstreamWithoutRecordingForwardsEveryMissAndStoresNothing() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(records: false))
        let body = try harness.body("warmup_basic_function")
        #expect(try await harness.post(body).status == 200)
        #expect(try await harness.post(body).status == 200)
        let stats = try await harness.stats()
        #expect(number(stats, "forwarded") == 2)
        #expect(number(stats, "recorded") == 0)
        #expect(number(stats, "misses") == 2)
        #expect(harness.service.close().isEmpty)
    }

    @Test func aRequestNoCaseMakesIsForwardedNotStored() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let response = try await harness.post(Array(#"{"prompt": "free-form", "schema": {"type": "object"}}"#.utf8))
        #expect(response.status == 200)
        let stats = try await harness.stats()
        #expect(number(stats, "forwarded") == 1)
        #expect(number(stats, "recorded") == 0)
        #expect(harness.service.close().isEmpty)
    }

    @Test func anUpstreamHTTPErrorReachesTheClientAsTheUpstreamSentIt() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(simulator: "sim:fail-every=1"), journals: true)
        let response = try await harness.post(try harness.body("warmup_basic_function"))
        #expect(response.status == 500)
        #expect(try ReplayHarness.object(response)["error"] == .string("simulated internal server error (fail-every=1)"))
        #expect(harness.service.close().isEmpty)
    }
}
