import Foundation
import Testing

@Suite struct VerifyEndToEndTests {
    @Test func realModalStoreReportsSchemaDriftLegacyAndMissing() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = try await project.run(["verify", "--json"])
        #expect(outcome.status == 1)
        let report = try TemporaryProject.json(outcome)
        #expect(report["command"] as? String == "verify")
        #expect(report["ok"] as? Bool == false)
        let suites = try #require(report["suites"] as? [[String: Any]])
        let cases = try #require(suites.first?["cases"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for entry in cases { statuses[entry["key"] as? String ?? ""] = entry["status"] as? String }
        #expect(statuses["simple_ir_add_function"] == "invalid")
        #expect(statuses["warmup_basic_function"] == "legacy")
        #expect(statuses["xgrammar_constraint_enforcement"] == "legacy")
        #expect(statuses.values.filter { $0 == "missing" }.count == 6)
        let drift = try #require(cases.first { $0["key"] as? String == "simple_ir_add_function" })
        let problems = try #require(drift["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["kind"] as? String == "schema" && $0["pointer"] as? String == "/constraints" })
        #expect(problems.contains { $0["kind"] as? String == "legacy" })
    }

    @Test func textReportNamesEachFindingAndFails() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = await project.runInProcess(["verify"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("/constraints:"))
        #expect(outcome.stdout.contains("missing       max_tokens_quicksort_4096"))
        #expect(outcome.stdout.contains("FAILED"))
    }

    @Test func independentFingerprintsVerifyClean() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        let outcome = await project.runInProcess(["verify"])
        #expect(outcome.stderr == "")
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("9 ok"))
    }

    @Test(arguments: [
        ("prompt", "simple_ir_add_function"),
        ("schema", "xgrammar_constraint_enforcement"),
        ("params", "max_tokens_quicksort_1024"),
    ])
    func editingOnePartMakesExactlyThatCaseStale(part: String, key: String) async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        try project.editSuite { suite in
            var cases = suite["cases"] as? [[String: Any]] ?? []
            for index in cases.indices where cases[index]["key"] as? String == key {
                switch part {
                case "prompt": cases[index]["prompt"] = "Write a Python function called 'add' that adds."
                case "schema": cases[index]["schema"] = ["type": "object"]
                default: cases[index]["max_tokens"] = 999
                }
            }
            suite["cases"] = cases
        }
        let outcome = await project.runInProcess(["verify", "--json"])
        #expect(outcome.status == 1)
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let stale = cases.filter { $0["status"] as? String == "stale" }
        #expect(stale.map { $0["key"] as? String } == [key])
        let problem = try #require((stale.first?["problems"] as? [[String: Any]])?.first { $0["kind"] as? String == "stale" })
        #expect(problem["changed"] as? [String] == [part])
    }

    @Test func orphansWarnAndStrictTurnsThemIntoErrors() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        var store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        store["old_case"] = ["response": ["x": 1]]
        try JSONSerialization.data(withJSONObject: store).write(to: project.storeURL)
        let relaxed = await project.runInProcess(["verify"])
        #expect(relaxed.status == 0)
        #expect(relaxed.stdout.contains("warning: entry \"old_case\" is used by no case"))
        let strict = await project.runInProcess(["verify", "--strict"])
        #expect(strict.status == 1)
    }
}
