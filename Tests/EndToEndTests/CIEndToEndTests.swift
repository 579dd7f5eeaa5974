import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct CIEndToEndTests {
    /// The independent provider store made to hold one fixture of each kind; every other case stays fine.
    static func projectWithOneFindingOfEachKind() async throws -> TemporaryProject {
        let project = try TemporaryProject(store: "provider-independent.json")
        var store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        let now = ISO8601DateFormatter().string(from: Date())
        for (key, value) in store {
            guard var entry = value as? [String: Any], var metadata = entry["metadata"] as? [String: Any],
                  var facts = metadata["liftrec"] as? [String: Any] else { continue }
            facts["recorded_at"] = key == "max_tokens_quicksort_1024" ? "2020-01-01T00:00:00Z" : now
            metadata["liftrec"] = facts
            if key == "temperature_test_deterministic_run1" { metadata["note"] = "proxy header Modal-Key: wk-AbCdEf1234567890" }
            entry["metadata"] = metadata
            store[key] = entry
        }
        store["max_tokens_quicksort_4096"] = nil
        try JSONSerialization.data(withJSONObject: store).write(to: project.storeURL)
        try project.editSuite { suite in
            var cases = suite["cases"] as? [[String: Any]] ?? []
            for index in cases.indices where cases[index]["key"] as? String == "simple_ir_add_function" {
                cases[index]["prompt"] = "Write a Python function called 'add' that adds three numbers."
            }
            suite["cases"] = cases
        }
        return project
    }

    static let expected = [
        "simple_ir_add_function": "stale",
        "max_tokens_quicksort_1024": "expired",
        "temperature_test_deterministic_run1": "secret",
        "max_tokens_quicksort_4096": "missing",
    ]

    @Test func verifyReportsEachFindingUnderItsOwnStatusInJSONAndJUnit() async throws {
        let project = try await Self.projectWithOneFindingOfEachKind()
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("reports"), withIntermediateDirectories: true)
        let outcome = try await project.run(["verify", "--max-age", "30d", "--junit", "reports/verify.xml", "--json"])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stdout.contains("wk-AbCdEf1234567890"))
        let report = try TemporaryProject.json(outcome)
        let cases = try #require((report["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        var problems: [String: [[String: Any]]] = [:]
        for entry in cases {
            let key = entry["key"] as? String ?? ""
            statuses[key] = entry["status"] as? String
            problems[key] = entry["problems"] as? [[String: Any]]
        }
        for (key, status) in Self.expected {
            #expect(statuses[key] == status, "\(key)")
            #expect(problems[key]?.map { $0["kind"] as? String } == [status], "\(key)")
        }
        #expect(statuses.filter { $0.value == "ok" }.count == 5)
        let expired = try #require(problems["max_tokens_quicksort_1024"]?.first)
        #expect(expired["recorded_at"] as? String == "2020-01-01T00:00:00Z")
        #expect((expired["age_seconds"] as? Int ?? 0) > 6 * 365 * 86_400)
        #expect((expired["age"] as? String)?.contains("d") == true)
        let secret = try #require(problems["temperature_test_deterministic_run1"]?.first)
        #expect(secret["pointer"] as? String == "/metadata/note")
        #expect(secret["rule"] as? String == "modal_token")
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["secrets"] as? Int == 1)

        let junit = try JUnitCounts(data: project.read("reports/verify.xml"))
        #expect(junit.rootCounts == ["tests": "9", "failures": "4", "errors": "0", "skipped": "0"])
        #expect(junit.suiteCounts == [["tests": "9", "failures": "4", "errors": "0", "skipped": "0"]])
        #expect(Dictionary(uniqueKeysWithValues: junit.failures.map { ($0.testCase, $0.type) }) == Self.expected)
    }

    @Test func githubActionsGetsOneErrorCommandPerFinding() async throws {
        let project = try await Self.projectWithOneFindingOfEachKind()
        let text = try await project.run(["verify", "--max-age", "30d"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(text.status == 1)
        let commands = text.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == 4)
        for (key, _) in Self.expected {
            #expect(commands.contains { $0.hasPrefix("::error title=liftrec verify::provider/\(key): ") }, "\(key)")
        }
        #expect(!text.stdout.contains("wk-AbCdEf1234567890"))

        let json = try await project.run(["verify", "--max-age", "30d", "--json"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(try TemporaryProject.json(json)["ok"] as? Bool == false)
        #expect(json.stderr.split(separator: "\n").filter { $0.hasPrefix("::error ") }.count == 4)

        let plain = try await project.run(["verify", "--max-age", "30d"])
        #expect(!plain.stdout.contains("::error"))
    }

    @Test func theValuesOfModalKeyAndSecretAreFoundWithoutBeingPrinted() async throws {
        let project = try TemporaryProject(store: "provider-independent.json")
        let key = "proxy-key-value-4711"
        var text = try #require(String(data: project.read("fixtures/recorded/provider.json"), encoding: .utf8))
        text = text.replacingOccurrences(of: "Sorts with a median-of-three pivot.", with: "Sorts; token \(key).")
        try project.write(text, to: "fixtures/recorded/provider.json")
        let outcome = try await project.run(["verify", "--json", "--markdown", "verify.md"], environment: ["MODAL_KEY": key])
        #expect(outcome.status == 1)
        #expect(!outcome.stdout.contains(key) && !outcome.stderr.contains(key))
        let markdown = try #require(String(data: project.read("verify.md"), encoding: .utf8))
        #expect(markdown.contains("rule modal\\_key\\_value"))
        #expect(!markdown.contains(key))
        #expect(try await project.run(["verify"]).status == 0)
    }

    @Test func markdownReportsForVerifyAndDiffStartWithASummaryTable() async throws {
        let project = try await Self.projectWithOneFindingOfEachKind()
        #expect(try await project.run(["verify", "--max-age", "30d", "--markdown", "verify.md"]).status == 1)
        let verify = try #require(String(data: project.read("verify.md"), encoding: .utf8))
        #expect(verify.hasPrefix("## liftrec verify: FAILED\n\n| Suite | Store | Cases |"))
        #expect(verify.contains("- `max_tokens_quicksort_4096`: **missing**"))
        let other = try TemporaryProject(store: "provider-independent.json")
        try project.write(String(decoding: other.read("fixtures/recorded/provider.json"), as: UTF8.self), to: "other.json")
        #expect(try await project.run(["diff", "--against", "other.json", "--markdown", "diff.md"]).status == 1)
        let diff = try #require(String(data: project.read("diff.md"), encoding: .utf8))
        #expect(diff.hasPrefix("## liftrec diff: differences found ("), "\(diff)")
        #expect(diff.contains("\n\n| Suite | Store | Cases | same | missing |"))
    }

    @Test func weeklyRefreshRecordsAnEmptyStoreThenFindsNothingToChange() async throws {
        let project = try TemporaryProject()
        try project.write(#"""
            {"format": "liftrec-suite/1", "name": "provider", "cases": [
              {"key": "first", "prompt": "Write the first function", "schema": {"type": "object"}},
              {"key": "second", "prompt": "Write the second function", "schema": {"type": "object"}}]}
            """#, to: "fixtures/suites/provider.json")
        // A report's directory is the caller's to create, as for liftrec's own reports.
        let missing = try await Self.refresh(project, ["--endpoint", "sim", "--report", "reports/refresh.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no directory"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("reports").path))
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("reports"), withIntermediateDirectories: true)
        let first = try await Self.refresh(project, ["--endpoint", "sim", "--report", "reports/refresh.md"])
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        let report = try #require(String(data: project.read("reports/refresh.md"), encoding: .utf8))
        #expect(report.hasPrefix("# Fixture refresh\n\nFixtures were re-recorded"))
        // Differences are what diff finds and the refresh then records: the report says so and calls nothing a failure.
        #expect(report.contains("### liftrec diff: differences found (2 missing)\n"), "\(report)")
        #expect(report.contains("`liftrec diff` found the differences from the live endpoint listed below; the refresh stored"))
        #expect(!report.contains("FAILED"), "\(report)")
        #expect(report.contains("| provider | `fixtures/recorded/provider.json` | 2 | 2 |"))
        #expect(report.contains("### liftrec record: passed"))
        #expect(report.contains("### liftrec verify: passed"))
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store.keys.sorted() == ["first", "second"])

        let second = try await Self.refresh(project, ["--endpoint", "sim", "--report", "reports/refresh.md"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let again = try #require(String(data: project.read("reports/refresh.md"), encoding: .utf8))
        #expect(again.hasPrefix("# Fixture refresh\n\nNo fixture changed."))

        try project.write("{\"first\": [", to: "fixtures/recorded/provider.json")
        #expect(try await Self.refresh(project, ["--endpoint", "sim"]).status == 2)
    }

    /// Runs `scripts/refresh-fixtures` in the project with the built liftrec.
    static func refresh(_ project: TemporaryProject, _ arguments: [String]) async throws -> ProcessOutcome {
        try await LiftrecProcess.run(
            arguments, in: project.root, environment: ["LIFTREC": LiftrecProcess.executable.path],
            program: LiftrecProcess.packageRoot.appendingPathComponent("scripts/refresh-fixtures")
        )
    }
}

/// The counts and failures of a JUnit document, as a CI reporter reads them.
final class JUnitCounts: NSObject, XMLParserDelegate {
    private static let countNames = ["tests", "failures", "errors", "skipped"]
    var rootCounts: [String: String] = [:]
    var suiteCounts: [[String: String]] = []
    var failures: [(testCase: String, type: String)] = []
    private var testCase = ""

    init(data: Data) throws {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "testsuites": rootCounts = attributes.filter { Self.countNames.contains($0.key) }
        case "testsuite": suiteCounts.append(attributes.filter { Self.countNames.contains($0.key) })
        case "testcase": testCase = attributes["name"] ?? ""
        case "failure": failures.append((testCase, attributes["type"] ?? ""))
        default: break
        }
    }
}
