import Foundation
import Testing

@Suite struct MergeEndToEndTests {
    @Test func threeShardsRecordedApartMergeIntoAStoreThatVerifiesClean() async throws {
        let shards = try (1...3).map { _ in try TemporaryProject() }
        var sizes: [Int] = []
        for (index, shard) in shards.enumerated() {
            let outcome = try await shard.run(["record", "--endpoint", "sim", "--shard", "\(index + 1)/3", "--json"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let summary = try #require(TemporaryProject.json(outcome)["summary"] as? [String: Any])
            sizes.append(summary["recorded"] as? Int ?? -1)
        }
        #expect(sizes.reduce(0, +) == 9)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")

        let project = try TemporaryProject()
        let stores = shards.map { $0.storeURL.path }
        let merged = try await project.run(["merge"] + stores)
        #expect(merged.status == 0, "\(merged.stderr)")
        for (path, size) in zip(stores, sizes) {
            #expect(merged.stdout.contains("merge: \(size) fixture\(size == 1 ? "" : "s") from \(path)"), "\(merged.stdout)")
        }
        #expect(merged.stdout.contains("fixtures/recorded/provider.json now holds 9 fixtures; 0 kept from before"))
        let verify = try await project.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("9 cases: 9 ok"))
    }

    @Test func theFixtureRecordedLastWinsAndASuiteFileIsRefused() async throws {
        let project = try TemporaryProject()
        let old = #"{"k": {"metadata": {"liftrec": {"recorded_at": "2026-01-01T00:00:00Z", "request_sha256": "x", "status": "ok"}}, "response": "old"}}"#
        let new = #"{"k": {"metadata": {"liftrec": {"recorded_at": "2026-02-01T00:00:00Z", "request_sha256": "x", "status": "ok"}}, "response": "new"}}"#
        try project.write(new, to: "new.json")
        try project.write(old, to: "old.json")
        let outcome = await project.runInProcess(["merge", "new.json", "old.json", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect((store["k"] as? [String: Any])?["response"] as? String == "new")
        let refused = await project.runInProcess(["merge", "fixtures/suites/provider.json"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is a \"liftrec-suite/1\" file, not a store of fixtures"), "\(refused.stderr)")
        let nothing = await project.runInProcess(["merge"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.hasPrefix("liftrec: nothing to merge"))
    }
}
