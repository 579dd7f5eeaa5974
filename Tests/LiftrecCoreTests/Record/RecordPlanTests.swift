import Testing
@testable import LiftrecCore

@Suite struct RecordPlanTests {
    @Test(arguments: [1, 2, 3, 4, 7, 9, 200])
    func shardsAreStableCoverEveryKeyAndDifferInSizeByAtMostOne(count: Int) {
        let keys = (0..<201).map { "case_\($0)" }
        let shards = RecordPlan.shards(of: keys, count: count)
        #expect(shards.allSatisfy { (1...count).contains($0) })
        let sizes = (1...count).map { shard in shards.filter { $0 == shard }.count }
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
        #expect(RecordPlan.shards(of: keys, count: count) == shards)
        #expect(RecordPlan.shards(of: keys.reversed(), count: count) == shards.reversed(), "a shard does not depend on the order given")
    }

    @Test func planRecordsMissingAndRepairsInvalidAndSkipsValidLegacyEntries() throws {
        let project = try TestProject()
        try project.write(FileSystem.read(TestProject.fixtures + "/modal_responses.json"), to: "fixtures/recorded/provider.json")
        let workspace = try project.workspace()
        let store = try Store.load(path: project.root + "/fixtures/recorded/provider.json", display: "p")
        let plan = RecordPlan(workspace: workspace, stores: [store.path: store], only: [], all: false, shard: nil)
        // The seed store's simple_ir_add_function fails the IR schema, so record repairs it; the two valid legacy
        // entries are left for --adopt.
        #expect(plan.items.filter { $0.reason == "missing" }.count == 6)
        #expect(plan.items.filter { $0.reason.hasPrefix("invalid: ") }.map(\.suiteCase.key) == ["simple_ir_add_function"])
        #expect(plan.items.count == 7)
        #expect(plan.skipped.count == 2)
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
