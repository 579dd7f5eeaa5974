import Foundation
import Testing

/// Learning is journaled: a run killed after paying for replies keeps them, and the next run pays only for the rest.
@Suite struct LearningJournalEndToEndTests {
    private static func question(_ number: Int) -> Data {
        Data(#"{"model": "m", "messages": [{"role": "user", "content": "Question \#(number)?"}]}"#.utf8)
    }

    private static func forwarded(by upstream: URL) async throws -> Int {
        let stats = try await LoopbackHTTP.request("GET", upstream.deletingLastPathComponent().appendingPathComponent("__liftrec/stats"))
        let object = try #require(try JSONSerialization.jsonObject(with: stats.body) as? [String: Any])
        return try #require(object["forwarded"] as? Int)
    }

    @Test func aLearningRunKilledMidwayLeavesFilesThatParseAndTheRerunPaysOnlyForTheRest() async throws {
        // The upstream counts what it is asked: the journal's worth is what the rerun must not buy again.
        let (upstream, upstreamProject, upstreamURL, base) = try await ServingLiftrec.simulatorUpstream()
        let project = try ServingLiftrec.emptyProject()
        let learning = ["replay", "--serve", "--upstream", base, "--record-missing", "--learn", "learned"]
        let first = try ServingLiftrec(learning, in: project.root)
        let firstURL = try await first.readURL()
        for number in 0..<3 {
            let reply = try await LoopbackHTTP.request("POST", firstURL.deletingLastPathComponent().appendingPathComponent("v1/chat/completions"), body: Self.question(number))
            #expect(reply.status == 200)
        }
        #expect(try await first.stop(with: SIGKILL) != 0)
        #expect(try await Self.forwarded(by: upstreamURL) == 3)
        // Only the journals hold what was learned; readers lay them over the files that are not there yet.
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/suites/learned.json").path))
        let read = try await project.run(["verify", "--suite", "learned"])
        #expect(read.status == 0, "\(read.stdout)\(read.stderr)")
        #expect(read.stdout.contains("verify: 3 cases: 3 ok"), "\(read.stdout)")

        let second = try ServingLiftrec(learning, in: project.root)
        let secondURL = try await second.readURL()
        for number in 0..<5 {
            let reply = try await LoopbackHTTP.request("POST", secondURL.deletingLastPathComponent().appendingPathComponent("v1/chat/completions"), body: Self.question(number))
            #expect(reply.status == 200)
        }
        #expect(try await second.stop() == 0)
        #expect(try await Self.forwarded(by: upstreamURL) == 5, "the rerun paid again for a reply the killed run had kept")
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/learned.json")) as? [String: Any])
        #expect((suite["cases"] as? [[String: Any]])?.count == 5)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("fixtures/suites").path)
            + FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("fixtures/recorded").path)
        #expect(leftovers.allSatisfy { !$0.hasSuffix(".journal") }, "\(leftovers)")
        let verify = try await project.run(["verify", "--suite", "learned", "--strict"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        _ = try await upstream.stop()
        withExtendedLifetime(upstreamProject) {}
    }
}
