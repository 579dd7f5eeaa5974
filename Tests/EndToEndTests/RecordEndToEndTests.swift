import Foundation
import Testing

/// A suite of `count` small cases, each its own request, stored in the provider store.
func syntheticSuite(count: Int, extraCases: [String] = []) -> String {
    let cases = (0..<count).map { index in
        #"{"key": "case_\#(index)", "prompt": "Write function number \#(index)", "schema": "ir", "max_tokens": 512}"#
    } + extraCases
    return #"""
    {"format": "liftrec-suite/1", "name": "provider", "cost": {"usd_per_request": 0.01}, "defaults": {"temperature": 0.0},
     "schemas": {"ir": {"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z_][a-z0-9_]*$"},
       "summary": {"type": "string", "minLength": 10}}, "required": ["name", "summary"], "additionalProperties": false}},
     "cases": [\#(cases.joined(separator: ",\n"))]}
    """#
}

@Suite(.serialized) struct RecordEndToEndTests {
    @Test func concurrencyNeverExceedsTheLimitAndEveryCaseIsRecorded() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=150ms")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 12), to: "fixtures/suites/provider.json")
        let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--concurrency", "3"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(simulator.observed.calls.most <= 3)
        #expect(simulator.observed.calls.most >= 2)
        #expect(simulator.observed.generateCalls == 12)
        #expect(outcome.stdout.contains("record: 12 recorded"))
        let verify = await project.runInProcess(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func injectedServerErrorsAndRateLimitsAreRetriedUntilEveryCaseIsRecorded() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:fail-every=3,rate-limit-every=4,retry-after=0")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 8), to: "fixtures/suites/provider.json")
        let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--concurrency", "2", "--retries", "5"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("record: 8 recorded"))
        #expect(simulator.observed.generateCalls > 8)
        #expect(outcome.stderr.contains("HTTP 500"))
        #expect(outcome.stderr.contains("HTTP 429"))
    }

    @Test func expectedErrorIsStoredAndUnexpectedTruncationIsNot() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:truncate-under=100")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 1, extraCases: [
            #"{"key": "short", "prompt": "Write a long function", "schema": "ir", "max_tokens": 30}"#,
            #"{"key": "cut_off", "prompt": "Write a long function", "schema": "ir", "max_tokens": 10, "expect": "error"}"#,
        ]), to: "fixtures/suites/provider.json")
        let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--json"])
        #expect(outcome.status == 1)
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store["short"] == nil)
        let errorEntry = try #require(store["cut_off"] as? [String: Any])
        let facts = try #require((errorEntry["metadata"] as? [String: Any])?["liftrec"] as? [String: Any])
        #expect(facts["status"] as? String == "error")
        #expect((facts["error"] as? String)?.hasPrefix("Failed to parse JSON") == true)
        // The reply is kept as received; its null ir_json is the fixture's response, so it is referenced, not copied.
        let kept = try #require(facts["reply"] as? [String: Any])
        #expect(kept["status"] as? Int == 200)
        #expect(kept["response_member"] as? String == "ir_json")
        let body = try #require(kept["body"] as? [String: Any])
        #expect(Set(body.keys) == ["error", "raw_output", "finish_reason"])
        #expect(body["finish_reason"] as? String == "json_error")
        #expect(store["case_0"] != nil)
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let short = try #require(cases.first { $0["key"] as? String == "short" })
        #expect(short["status"] as? String == "failed")
        #expect((short["problems"] as? [[String: Any]])?.first?["kind"] as? String == "truncated")
    }

    @Test func authHeadersAreSentAndA401SaysHowToFixIt() async throws {
        let simulator = try LoopbackSimulator(requiredAuth: ("wk-test-key", "ws-test-secret"))
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 2), to: "fixtures/suites/provider.json")
        let denied = await project.runInProcess(["record", "--endpoint", simulator.generateURL])
        #expect(denied.status == 2)
        #expect(denied.stderr.contains("Modal proxy auth failed: set MODAL_KEY and MODAL_SECRET"))
        let allowed = await project.runInProcess(["record", "--endpoint", simulator.generateURL],
                                      environment: ["MODAL_KEY": "wk-test-key", "MODAL_SECRET": "ws-test-secret"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(simulator.observed.headers.last?["modal-key"] == "wk-test-key")
        #expect(simulator.observed.headers.last?["modal-secret"] == "ws-test-secret")
    }

    @Test func aTimeoutIsReportedPerCaseAndTheRunGoesOn() async throws {
        let simulator = try LoopbackSimulator(hangOnPrompt: "function number 1\"")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 3), to: "fixtures/suites/provider.json")
        let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--timeout", "1", "--retries", "0"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("record: 2 recorded"))
        #expect(outcome.stdout.contains("failed provider/case_1"))
        #expect(outcome.stdout.contains("within 1s"))
    }

    @Test func canarySecretsNeverReachTheStoreOrOutput() async throws {
        let key = "wk-canary-7f3a9e"
        let secret = "ws-canary-c41d2b"
        let simulator = try LoopbackSimulator(requiredAuth: (key, secret), echoSecret: secret)
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 2, extraCases: [
            #"{"key": "no_prompt", "prompt": "", "schema": {"type": "object"}, "expect": "error"}"#,
        ]), to: "fixtures/suites/provider.json")
        let endpoint = simulator.generateURL.replacingOccurrences(of: "http://", with: "http://user:\(secret)@") + "?token=\(key)"
        let outcome = try await project.run(["record", "--endpoint", endpoint, "--verbose"], environment: ["MODAL_KEY": key, "MODAL_SECRET": secret])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let stored = String(decoding: try project.read("fixtures/recorded/provider.json"), as: UTF8.self)
        #expect(stored.contains("[REDACTED]"))
        for text in [stored, outcome.stdout, outcome.stderr] {
            #expect(!text.contains(key))
            #expect(!text.contains(secret))
        }
        let json = try await project.run(["record", "--all", "--endpoint", endpoint, "--json"], environment: ["MODAL_KEY": key, "MODAL_SECRET": secret])
        #expect(!json.stdout.contains(key) && !json.stdout.contains(secret))
    }

    @Test func dryRunSendsNothingAndMaxCostStopsBeforeTheBudget() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 5), to: "fixtures/suites/provider.json")
        let dry = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("5 to record in 5 requests"))
        #expect(dry.stdout.contains("$0.050000"))
        #expect(simulator.observed.generateCalls == 0)
        let capped = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--max-cost", "0.03", "--concurrency", "1"])
        #expect(capped.status == 1)
        #expect(simulator.observed.generateCalls == 3)
        #expect(capped.stdout.contains("3 recorded"))
        #expect(capped.stdout.contains("2 unrecorded"))
        let rest = await project.runInProcess(["record", "--endpoint", simulator.generateURL])
        #expect(rest.stdout.contains("2 recorded, 3 skipped (3 fresh)"))
        #expect(simulator.observed.generateCalls == 5)
    }

    @Test func shardsSplitTheCasesWithoutOverlap() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 10), to: "fixtures/suites/provider.json")
        var planned: [Set<String>] = []
        for shard in 1...3 {
            let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--shard", "\(shard)/3", "--dry-run", "--json"])
            let cases = (try TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]] ?? []
            planned.append(Set(cases.compactMap { $0["key"] as? String }))
        }
        #expect(planned.reduce(0) { $0 + $1.count } == 10)
        #expect(planned[0].union(planned[1]).union(planned[2]).count == 10)
        let sizes = planned.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
        let recorded = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--shard", "1/3"])
        #expect(recorded.stdout.contains("cases belong to other shards: provider/"), "\(recorded.stdout)")
    }

    @Test func dedupeSendsIdenticalRequestsOnce() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        let outcome = await project.runInProcess(["record", "--endpoint", simulator.generateURL, "--dedupe"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(simulator.observed.generateCalls == 8)
        let plain = try TemporaryProject()
        _ = try await plain.run(["record", "--endpoint", simulator.generateURL])
        #expect(simulator.observed.generateCalls == 17)
    }

    @Test func noEndpointIsAConfigurationErrorThatNamesSim() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["record"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--endpoint sim"))
    }
}
