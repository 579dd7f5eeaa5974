import Foundation
import Glibc
import Testing
@testable import LiftrecCore

@Suite struct StoreStreamTests {
    /// Streams `path` in pieces of `pieceBytes`, returning the outcome and each entry's key and compact text.
    func stream(_ path: String, pieceBytes: Int, onFirst: @escaping @Sendable () -> Void = {}) -> (StoreStream.Outcome, [(String, [UInt8])]) {
        var seen: [(String, [UInt8])] = []
        let outcome = StoreStream(path: path, pieceBytes: pieceBytes).forEach({ position, fixture in
            if position == 0 { onFirst() }
            return (fixture.key, JSONWriter.compact(fixture.entry.value))
        }, collect: { seen += $0 })
        return (outcome, seen)
    }

    @Test(arguments: [7, 64, 4096, 1 << 22])
    func everyEntryOfARealStoreComesOutInFileOrderWhateverThePieceSize(_ pieceBytes: Int) throws {
        let path = TestProject.fixtures + "/provider-independent.json"
        let store = try Store.load(path: path, display: "p")
        let (outcome, seen) = stream(path, pieceBytes: pieceBytes)
        #expect(outcome == .streamed(entries: store.count))
        #expect(seen.map(\.0) == store.keys)
        #expect(seen.map(\.1) == store.fixtures.map { JSONWriter.compact($0.entry.value) })
    }

    @Test(arguments: [
        (#"{}"#, 0), (" \n{ }\n", 0), (#"{"a": {"b": "}\"],"}, "c": [1, {"d": null}]}"#, 2), (#"{"\u00e9": "x"}"#, 1),
    ])
    func wellFormedStoresStream(_ text: String, entries: Int) throws {
        let project = try TestProject(suites: [:])
        try project.write(Array(text.utf8), to: "s.json")
        #expect(stream(project.root + "/s.json", pieceBytes: 3).0 == .streamed(entries: entries))
    }

    // Whatever the pass cannot vouch for goes to the whole-file reader, which words the error as every command does.
    @Test(arguments: [
        "", "[]", #"{"a": 1,}"#, #"{,"a": 1}"#, #"{"a": 1"#, #"{"a": 1} x"#, #"{"a" 1}"#, #"{"a": [1}]"#, #"{"a": 1, "a": 2}"#,
        "\u{FEFF}{}", #"{"a": "\x"}"#,
    ])
    func anythingButOnePlainObjectOfDistinctKeysNeedsTheWholeFile(_ text: String) throws {
        let project = try TestProject(suites: [:])
        try project.write(Array(text.utf8), to: "s.json")
        let (outcome, _) = stream(project.root + "/s.json", pieceBytes: 2)
        #expect(outcome == .needsWholeFile)
    }

    @Test func aMissingFileIsAnEmptyStoreButAJournalNeedsTheWholeFile() throws {
        let project = try TestProject(suites: [:])
        #expect(stream(project.root + "/none.json", pieceBytes: 64).0 == .absent)
        try project.write(Array("{}".utf8), to: "s.json")
        try project.write(Array("{\"key\": \"k\", \"entry\": 1}\n".utf8), to: ".s.json.journal")
        #expect(stream(project.root + "/s.json", pieceBytes: 64).0 == .needsWholeFile)
    }

    @Test func aStoreTruncatedWhileItIsReadIsAClearErrorNotACrash() throws {
        let project = try TestProject()
        let bytes = try FileSystem.read(TestProject.fixtures + "/provider-independent.json")
        try project.write(bytes, to: "fixtures/recorded/provider.json")
        let path = project.root + "/fixtures/recorded/provider.json"
        // Another process cuts the file short while the first piece is being checked.
        let (outcome, seen) = stream(path, pieceBytes: 1024, onFirst: { _ = truncate(path, off_t(bytes.count / 2)) })
        #expect(outcome == .needsWholeFile)
        #expect(seen.count < 9)
        // verify then reads the whole file, as it now is, and says where it ends.
        do {
            _ = try VerifyCommand().run(try project.workspace(), now: { 0 })
            Issue.record("verify of a truncated store did not fail")
        } catch let error as LiftrecError {
            #expect(error.message.contains("fixtures/recorded/provider.json"), "\(error)")
            #expect(error.message.contains("invalid JSON: unexpected end of input"), "\(error)")
        }
    }
}
