import Foundation
import Glibc
import Synchronization
import Testing
@testable import LiftrecCore

/// A disk that fills during a recording, injected through the environment's writes, so no root or device is needed.
@Suite struct FullDiskTests {
    private static func suite(cases: Int) -> String {
        let list = (0..<cases).map { #"{"key": "case_\#($0)", "prompt": "Write function number \#($0)", "schema": {"type": "object"}}"# }
        return #"{"format": "liftrec-suite/1", "name": "provider", "cases": [\#(list.joined(separator: ","))]}"#
    }

    /// Journal appends that succeed `room` times and then fail as a full disk does.
    private static func filling(after room: Int) -> FileWrites {
        let appended = Atomic<Int>(0)
        var writes = FileWrites.live
        writes.appendDurably = { (bytes, fd, path) throws(FileError) in
            guard appended.wrappingAdd(1, ordering: .relaxed).oldValue < room else {
                throw FileError(path: path, operation: "write", code: ENOSPC)
            }
            try FileSystem.appendDurably(bytes, to: fd, path: path)
        }
        return writes
    }

    @Test func recordStopsSendingWhenTheJournalFillsAndTheRerunSendsOnlyTheRest() async throws {
        let project = try TestProject(suites: ["provider": Self.suite(cases: 40)])
        let storePath = project.root + "/fixtures/recorded/provider.json"
        let full = await TestEnvironment.run(["record", "--endpoint", "sim", "--concurrency", "4", "--json"], root: project.root, fileWrites: Self.filling(after: 10))
        #expect(full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("free space"), "\(full.stderr)")
        let summary = try #require(try JSONParser.parse(Array(full.stdout.utf8))["summary"])
        let sent = try #require(summary["requests"]?.numberValue?.intValue)
        let kept = try Store.parse(FileSystem.read(storePath), path: storePath, display: "store").entries.count
        #expect(sent <= 10 + 4, "sent \(sent) requests with room for 10 replies at concurrency 4")
        #expect(kept >= 10 && kept <= sent, "kept \(kept) of \(sent)")

        let rerun = await TestEnvironment.run(["record", "--endpoint", "sim", "--json"], root: project.root)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let resent = try #require(try JSONParser.parse(Array(rerun.stdout.utf8))["summary"]?["requests"]?.numberValue?.intValue)
        #expect(resent == 40 - kept)
        #expect(try Store.parse(FileSystem.read(storePath), path: storePath, display: "store").entries.count == 40)
        #expect(!FileSystem.exists(Journal.path(for: storePath)))
    }
}
