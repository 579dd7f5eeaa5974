import Testing
@testable import LiftrecCore

@Suite struct RecordPlanTests {
    @Test func shardsAreStableAndCoverEveryKey() {
        let keys = (0..<200).map { "case_\($0)" }
        let shards = keys.map { RecordPlan.shard(of: $0, count: 4) }
        #expect(shards.allSatisfy { (1...4).contains($0) })
        #expect(Set(shards).count == 4)
        #expect(keys.map { RecordPlan.shard(of: $0, count: 4) } == shards)
        #expect(RecordPlan.shard(of: "anything", count: 1) == 1)
    }

    @Test func planRecordsMissingAndStaleAndSkipsFreshAndLegacy() throws {
        let project = try TestProject()
        try project.write(FileSystem.read(TestProject.fixtures + "/modal_responses.json"), to: "fixtures/recorded/provider.json")
        let workspace = try project.workspace()
        let store = try Store.load(path: project.root + "/fixtures/recorded/provider.json", display: "p")
        let plan = RecordPlan(workspace: workspace, stores: [store.path: store], only: [], all: false, shard: nil)
        #expect(plan.items.map(\.reason).allSatisfy { $0 == "missing" })
        #expect(plan.items.count == 6)
        #expect(plan.skipped.count == 3)
        #expect(plan.skipped.allSatisfy { $0.reason == .legacy })
        let all = RecordPlan(workspace: workspace, stores: [store.path: store], only: [], all: true, shard: nil)
        #expect(all.items.count == 9)
        #expect(all.items.first?.suiteCase.warmup == true)
    }

    @Test func journalEntriesOverlayTheStoreAndATornLineIsIgnored() throws {
        let project = try TestProject()
        let path = project.root + "/fixtures/recorded/provider.json"
        try FileSystem.createDirectories(project.root + "/fixtures/recorded")
        let journal = try Journal.open(storePath: path)
        try journal.append(key: "a", entry: .object(JSONObject([("response", .bool(true))])))
        journal.close()
        var bytes = try FileSystem.read(Journal.path(for: path))
        bytes += Array("{\"key\": \"b\", \"entry\": {\"resp".utf8)
        try project.write(bytes, to: "fixtures/recorded/.provider.json.journal")
        let store = try Store.load(path: path, display: "p")
        #expect(store.entries.keys == ["a"])
        try store.save()
        #expect(!FileSystem.exists(Journal.path(for: path)))
        #expect(try Store.load(path: path, display: "p").entries.keys == ["a"])
    }
}
