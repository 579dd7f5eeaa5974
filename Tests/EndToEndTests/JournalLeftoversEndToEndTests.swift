import Foundation
import Testing

/// Journals are opened before anything is paid for; a run that kept nothing in one leaves no file behind for
/// `git add -A` to commit.
@Suite struct JournalLeftoversEndToEndTests {
    /// Every journal file under the project, relative to its root.
    private static func journals(in project: TemporaryProject) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: project.root.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".journal") { found.append(path) }
        }
        return found.sorted()
    }

    @Test func aLearningRunThatLearnsNothingLeavesNoJournalAndCreatesNoSuite() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["replay", "--serve", "--upstream", "sim", "--record-missing", "--learn", "learned", "--", "true"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(Self.journals(in: project) == [])
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/suites/learned.json").path))
        #expect(!outcome.stderr.contains("learned 0 cases"), "\(outcome.stderr)")
    }

    @Test func aRecordingServerThatCannotStartLeavesNoJournal() async throws {
        let project = try TemporaryProject()
        // 203.0.113.1 is a documentation address no machine has, so listening on it fails after the journals are open.
        let outcome = try await project.run([
            "replay", "--serve", "--upstream", "sim", "--record-missing", "--learn", "other", "--host", "203.0.113.1", "--", "true",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("liftrec: --host '203.0.113.1'"), "\(outcome.stderr)")
        #expect(Self.journals(in: project) == [])
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/suites/other.json").path))
    }

    @Test func anEmptyJournalAnOlderRunLeftIsNoSuiteAndIsRemovedByTheNextWriter() async throws {
        let project = try TemporaryProject()
        try project.write("", to: "fixtures/suites/.stray.json.journal")
        try project.write("", to: "fixtures/suites/.provider.json.journal")
        let verify = try await project.run(["verify", "--json"])
        let names = (try TemporaryProject.json(verify)["suites"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["provider"], "\(verify.stdout)\(verify.stderr)")
        let suiteBefore = try project.read("fixtures/suites/provider.json")
        let record = try await project.run(["record", "--endpoint", "sim"])
        #expect(record.status == 0, "\(record.stderr)")
        // The suite was not rewritten from an empty journal, and the journal is gone.
        #expect(try project.read("fixtures/suites/provider.json") == suiteBefore)
        #expect(!Self.journals(in: project).contains("fixtures/suites/.provider.json.journal"))
        #expect(!Self.journals(in: project).contains("fixtures/recorded/.provider.json.journal"))
    }
}
