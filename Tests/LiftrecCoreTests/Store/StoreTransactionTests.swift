import Foundation
import Testing
@testable import LiftrecCore

@Suite struct StoreTransactionTests {
    /// Moves every fixture of the store into its journal and empties the store, as a run killed after its last append leaves them.
    private static func killAfterJournaling(storePath: String) throws -> Int {
        let store = try Store.load(path: storePath, display: "store")
        let journal = try Journal.open(storePath: storePath)
        for fixture in store.fixtures { try journal.append(key: fixture.key, entry: fixture.entry.value) }
        journal.close()
        try FileSystem.writeStore(Array("{}\n".utf8), to: storePath)
        return store.entries.count
    }

    @Test func aRecordThatFindsEverythingJournaledWritesTheStoreAndRemovesTheJournal() async throws {
        let project = try TestProject()
        let storePath = project.root + "/fixtures/recorded/provider.json"
        let first = await TestEnvironment.run(["record", "--endpoint", "sim"], root: project.root)
        #expect(first.status == 0, "\(first.stderr)")
        let count = try Self.killAfterJournaling(storePath: storePath)
        #expect(count == 9)
        #expect(FileSystem.exists(Journal.path(for: storePath)))

        let rerun = await TestEnvironment.run(["record", "--endpoint", "sim"], root: project.root)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.hasPrefix("record: 0 recorded, 9 skipped (9 fresh), 0 failed"))
        let bytes = try FileSystem.read(storePath)
        let onDisk = try Store.parse(bytes, path: storePath, display: "store")
        #expect(onDisk.entries.count == 9)
        #expect(!FileSystem.exists(Journal.path(for: storePath)))
    }

    @Test func pruneAndAdoptFoldAJournalTooButDryRunsDoNot() async throws {
        let project = try TestProject()
        let storePath = project.root + "/fixtures/recorded/provider.json"
        _ = await TestEnvironment.run(["record", "--endpoint", "sim"], root: project.root)
        _ = try Self.killAfterJournaling(storePath: storePath)
        for dryRun in [["prune", "--dry-run"], ["record", "--adopt", "--dry-run"], ["record", "--dry-run", "--endpoint", "sim"]] {
            let outcome = await TestEnvironment.run(dryRun, root: project.root)
            #expect(outcome.status == 0, "\(dryRun): \(outcome.stderr)")
            #expect(try FileSystem.read(storePath) == Array("{}\n".utf8), "\(dryRun)")
            #expect(FileSystem.exists(Journal.path(for: storePath)), "\(dryRun)")
        }
        let prune = await TestEnvironment.run(["prune"], root: project.root)
        #expect(prune.status == 0)
        #expect(try Store.parse(FileSystem.read(storePath), path: storePath, display: "store").entries.count == 9)
        #expect(!FileSystem.exists(Journal.path(for: storePath)))
    }

    @Test func aReadOnlyTransactionTakesNoLockAndNeverWrites() async throws {
        let project = try TestProject()
        let storePath = project.root + "/fixtures/recorded/provider.json"
        let environment = TestEnvironment.make(root: project.root)
        let held = try await StoreLock.acquire(storePath: storePath, display: "store", waitSeconds: 0, environment: environment)
        defer { held.release() }
        var transaction = try await StoreTransaction.open([(storePath, "store")], writing: false, wait: 0, environment: environment)
        try transaction.set(.null, key: "k", in: storePath)
        try transaction.commit()
        transaction.close()
        #expect(!FileSystem.exists(storePath))
        do {
            _ = try await StoreTransaction.open([(storePath, "store")], writing: true, wait: 0, environment: environment)
            Issue.record("a second writer got the lock")
        } catch {
            guard case .locked(let file, _) = error else { Issue.record("expected .locked, got \(error)"); return }
            #expect(file == "store")
        }
    }
}
