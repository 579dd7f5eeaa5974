import Foundation
import Testing

/// The examples `liftrec help TOPIC` prints, taken from the binary's own output and run as printed, so an example
/// that stops working fails here rather than for the user who copies it.
@Suite struct HelpExamplesEndToEndTests {
    /// The text `liftrec help TOPIC` prints.
    private static func help(_ topic: String, in project: TemporaryProject) async throws -> String {
        let outcome = try await project.run(["help", topic])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }

    /// Makes the project one of several suites, as the repository is, with a copy of its openai suite.
    private static func addSecondSuite(to project: TemporaryProject) throws {
        let openai = LiftrecProcess.packageRoot.appendingPathComponent("fixtures/suites/openai.json")
        try FileManager.default.copyItem(at: openai, to: project.root.appendingPathComponent("fixtures/suites/openai.json"))
    }

    @Test func theSuiteExampleInHelpFormatsRecordsFromTheSimulatorAndVerifies() async throws {
        let project = try TemporaryProject()
        let text = try await Self.help("formats", in: project)
        // The example is the indented block that opens after the heading and closes at the first `    }` line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "    {" })
        let end = try #require(lines[start...].firstIndex { $0 == "    }" })
        let example = lines[start...end].map { $0.dropFirst(4) }.joined(separator: "\n")
        let suite = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any], "\(example)")
        let name = try #require(suite["name"] as? String)
        try project.write(example, to: "fixtures/suites/\(name).json")
        let record = try await project.run(["record", "--suite", name, "--endpoint", "sim"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        #expect(record.stdout.contains("0 failed"), "\(record.stdout)")
        let verify = try await project.run(["verify", "--suite", name])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("3 cases: 3 ok"), "\(verify.stdout)")
    }

    @Test func theShardMergeInHelpCIRunsAsPrintedInAProjectOfSeveralSuites() async throws {
        let project = try TemporaryProject()
        try Self.addSecondSuite(to: project)
        let text = try await Self.help("ci", in: project)
        let line = try #require(text.split(separator: "\n").first { $0.contains("liftrec merge ") && $0.contains("run: ") })
        let printed = String(line[line.range(of: "run: ")!.upperBound...])
        let binary = ".build/release/liftrec"
        #expect(printed.hasPrefix(binary + " merge "), "\(printed)")
        // Three shards of the provider suite recorded apart, laid out as actions/download-artifact puts them.
        for shard in 1...3 {
            let recorded = try await project.run(["record", "--suite", "provider", "--endpoint", "sim", "--shard", "\(shard)/3"])
            #expect(recorded.status == 0, "\(recorded.stderr)")
            try project.write(String(decoding: try project.read("fixtures/recorded/provider.json"), as: UTF8.self), to: "shards/shard-\(shard)/provider.json")
            try FileManager.default.removeItem(at: project.storeURL)
        }
        // The shell expands the glob, as in the workflow's run step.
        let merged = try await LiftrecProcess.run(
            ["-c", LiftrecProcess.executable.path + printed.dropFirst(binary.count)], in: project.root, program: URL(fileURLWithPath: "/bin/sh")
        )
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        #expect(merged.stdout.contains("fixtures/recorded/provider.json now holds 9 fixtures"), "\(merged.stdout)")
        let verify = try await project.run(["verify", "--suite", "provider"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("9 cases: 9 ok"), "\(verify.stdout)")
    }

    @Test func aMergeWhoseStoreCannotBeInferredSaysSoInOneLine() async throws {
        let project = try TemporaryProject()
        try Self.addSecondSuite(to: project)
        try project.write("{}\n", to: "shards/1/other.json")
        let outcome = try await project.run(["merge", "shards/1/other.json"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.hasPrefix("liftrec: no store of the suites openai, provider is named 'other.json'"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--suite NAME"))
        try project.write("{}\n", to: "shards/2/provider.json")
        let mixed = try await project.run(["merge", "shards/1/other.json", "shards/2/provider.json"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.hasPrefix("liftrec: the shard stores have different file names (other.json, provider.json)"), "\(mixed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.storeURL.path))
    }
}
