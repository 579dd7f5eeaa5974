import Foundation
import Testing

@Suite struct StoreCommandsEndToEndTests {
    @Test func pruneOfOneKeyLeavesPythonsBytesForTheRest() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        try project.editSuite { suite in
            let cases = suite["cases"] as? [[String: Any]] ?? []
            suite["cases"] = cases.filter { $0["key"] as? String != "warmup_basic_function" }
        }
        let outcome = await project.runInProcess(["prune"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("removed warmup_basic_function"))
        let expected = try Data(contentsOf: TemporaryProject.fixtures.appendingPathComponent("modal_responses-without-warmup.json"))
        #expect(try project.read("fixtures/recorded/provider.json") == expected)
    }

    @Test func pruneDryRunWritesNothing() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        try project.editSuite { suite in suite["cases"] = [] }
        let before = try project.read("fixtures/recorded/provider.json")
        let outcome = await project.runInProcess(["prune", "--dry-run"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("would remove simple_ir_add_function"))
        #expect(try project.read("fixtures/recorded/provider.json") == before)
    }

    @Test func pruneStaleRemovesExactlyTheEntriesWhoseCaseChanged() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        try project.editSuite { suite in
            var cases = suite["cases"] as? [[String: Any]] ?? []
            for index in cases.indices where cases[index]["key"] as? String == "max_tokens_quicksort_1024" {
                cases[index]["max_tokens"] = 999
            }
            suite["cases"] = cases
        }
        let plain = await project.runInProcess(["prune", "--dry-run"])
        #expect(plain.stdout.contains("0 to remove"))
        let outcome = await project.runInProcess(["prune", "--stale"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("removed max_tokens_quicksort_1024 (stale: its case changed)"))
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store.count == 8)
        #expect(store["max_tokens_quicksort_1024"] == nil)
    }

    @Test func replayPrintsRepliesAndCountsMisses() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = await project.runInProcess(["replay", "--only", "warmup_basic_function", "--only", "max_tokens_quicksort_1024"])
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let reply = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((reply["ir_json"] as? [String: Any])?["signature"] != nil)
        #expect(outcome.stderr.contains("miss: provider/max_tokens_quicksort_1024"))
        #expect(outcome.stderr.contains("replay: 1 hit, 1 miss"))
    }

    @Test func replayOfACompleteStoreExitsZeroAndGivesErrorReplies() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        let outcome = await project.runInProcess(["replay"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.split(separator: "\n").count == 9)
        #expect(outcome.stdout.contains(#""error":"Missing required field: prompt""#))
    }

    @Test func diffAgainstAnotherStoreClassifiesEachCase() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        var other = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        var entry = try #require(other["simple_ir_add_function"] as? [String: Any])
        var response = try #require(entry["response"] as? [String: Any])
        var signature = try #require(response["signature"] as? [String: Any])
        signature["parameters"] = [["name": "a", "type_hint": "integer"], ["name": "b", "type_hint": "int"]]
        response["signature"] = signature
        entry["response"] = response
        other["simple_ir_add_function"] = entry
        var warm = try #require(other["warmup_basic_function"] as? [String: Any])
        warm["response"] = ["intent": ["summary": "x"], "extra": true]
        other["warmup_basic_function"] = warm
        other["max_tokens_quicksort_4096"] = nil
        try JSONSerialization.data(withJSONObject: other).write(to: project.root.appendingPathComponent("other.json"))
        let outcome = await project.runInProcess(["diff", "--against", "other.json"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("/signature/parameters/0/type_hint: \"int\" → \"integer\""))
        let report = try TemporaryProject.json(await project.runInProcess(["diff", "--against", "other.json", "--json"]))
        let cases = try #require((report["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for entry in cases { statuses[entry["key"] as? String ?? ""] = entry["status"] as? String }
        #expect(statuses["simple_ir_add_function"] == "changed")
        #expect(statuses["warmup_basic_function"] == "reshaped")
        #expect(statuses["max_tokens_quicksort_4096"] == "missing")
        #expect(statuses["max_tokens_quicksort_1024"] == "same")
        let ignored = await project.runInProcess(["diff", "--against", "other.json", "--ignore", "/signature/parameters/0/type_hint", "--json"])
        let ignoredCases = try #require((TemporaryProject.json(ignored)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect(ignoredCases.first { $0["key"] as? String == "simple_ir_add_function" }?["status"] as? String == "same")
    }

    @Test func diffAgainstSkipsCasesAbsentFromBothAndTakesFailOn() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        try project.write(#"{"simple_ir_add_function": {"response": {"changed": true}}}"#, to: "other.json")
        let outcome = await project.runInProcess(["diff", "--against", "other.json", "--json"])
        #expect(outcome.status == 1)
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        // Three cases have a fixture in one store or the other; the six that neither holds are not differences.
        #expect(cases.map { $0["key"] as? String ?? "" }.sorted() == ["simple_ir_add_function", "warmup_basic_function", "xgrammar_constraint_enforcement"])
        #expect(await project.runInProcess(["diff", "--against", "other.json", "--fail-on", "never"]).status == 0)
    }

    @Test func diffComparesAnyTwoStoreFilesOutsideAProject() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-two-stores-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"a": {"response": 1}, "b": {"response": [1]}, "c": {"response": "x"}}"#.utf8).write(to: folder.appendingPathComponent("A.json"))
        try Data(#"{"a": {"response": 1}, "b": {"response": {"k": 1}}, "d": {"response": "y"}}"#.utf8).write(to: folder.appendingPathComponent("B.json"))
        let outcome = try await LiftrecProcess.run(["diff", "--against", "B.json", "--store", "A.json"], in: folder)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("A.json vs B.json"))
        #expect(outcome.stdout.hasSuffix("diff: 1 same, 0 changed, 1 reshaped, 2 missing\n"), "\(outcome.stdout)")
        let same = try await LiftrecProcess.run(["diff", "--against", "A.json", "--store", "A.json"], in: folder)
        #expect(same.status == 0)
        let absent = try await LiftrecProcess.run(["diff", "--against", "nope.json", "--store", "A.json"], in: folder)
        #expect(absent.status == 2)
        #expect(absent.stderr == "liftrec: --against 'nope.json': no such file; give the path of a store file\n")
    }

    @Test func adoptGivesLegacyEntriesMetadataSoVerifyStopsCallingThemLegacy() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let adopted = await project.runInProcess(["record", "--adopt"])
        // simple_ir_add_function fails the IR schema: adopting it would vouch for it, so it is refused (exit 1).
        #expect(adopted.status == 1, "\(adopted.stderr)")
        #expect(adopted.stdout.contains("2 legacy fixtures adopted"))
        #expect(adopted.stdout.contains("1 legacy fixture not adopted because they fail their cases"))
        let outcome = await project.runInProcess(["verify", "--json"])
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect(!cases.contains { $0["status"] as? String == "legacy" })
        #expect(cases.first { $0["key"] as? String == "warmup_basic_function" }?["status"] as? String == "ok")
        #expect(cases.first { $0["key"] as? String == "simple_ir_add_function" }?["status"] as? String == "invalid")
    }

    @Test func recordRepairsTheSeedStoreSoVerifyPasses() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let before = await project.runInProcess(["verify", "--json"])
        #expect(before.status == 1)
        let cases = try #require((TemporaryProject.json(before)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let invalid = try #require(cases.first { $0["key"] as? String == "simple_ir_add_function" })
        #expect(invalid["repair"] as? String == "liftrec record --suite provider --only simple_ir_add_function")
        let record = await project.runInProcess(["record", "--endpoint", "sim"])
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout.hasPrefix("record: 7 recorded, 2 skipped"), "\(record.stdout)")
        let after = await project.runInProcess(["verify"])
        #expect(after.status == 0, "\(after.stdout)")
    }
}
