import Foundation
import Testing
@testable import LiftrecCore

@Suite struct StoreTests {
    @Test func realStoreRewritesToIdenticalBytes() throws {
        let bytes = try FileSystem.read(TestProject.fixtures + "/modal_responses.json")
        let store = try Store.parse(bytes, path: "/x", display: "x")
        #expect(store.entries.count == 3)
        #expect(store.encoded() == bytes)
    }

    @Test(arguments: ["modal_responses.json", "provider-independent.json", "../../fixtures/recorded/provider.json"])
    func storesReadInPlaceHoldWhatTheTreeParserReads(_ path: String) throws {
        let bytes = try #require(FixtureFile.bytes(path))
        let store = try Store.parse(bytes, path: "/x", display: "x")
        let tree = try #require(try JSONParser.parse(bytes).objectValue)
        #expect(store.keys == tree.keys)
        #expect(store.entries == tree)
        for fixture in store.fixtures {
            let built = try Fixture(key: fixture.key, entry: try #require(tree[fixture.key]))
            #expect(try fixture.facts() == built.facts())
            #expect(fixture.response.value == built.response.value)
            #expect(fixture.isLegacy == built.isLegacy)
        }
        #expect(store.encoded() == bytes)
        // Written by Python or liftrec, so every entry is copied from the file rather than rewritten.
        let document = try JSONDocument(bytes: bytes)
        #expect(document.isPythonLayout)
        #expect(document.root.members.allSatisfy { document.pythonText(ofRootMemberAt: $0.value.index) != nil })
    }

    @Test func anEntrySetSinceReadingIsWrittenInKeyOrderBesideTheOnesCopiedFromTheFile() throws {
        let text = "{\n  \"b\": {\n    \"response\": 1.50\n  },\n  \"d\": null\n}\n"
        var store = try Store.parse(Array(text.utf8), path: "/x", display: "x")
        try store.set("c", to: .object(JSONObject([("response", .string("é"))])))
        store.remove("d")
        try store.set("a", to: .bool(true))
        #expect(store.keys == ["b", "c", "a"])
        #expect(String(decoding: store.encoded(), as: UTF8.self)
            == "{\n  \"a\": true,\n  \"b\": {\n    \"response\": 1.50\n  },\n  \"c\": {\n    \"response\": \"\\u00e9\"\n  }\n}\n")
    }

    /// Stores laid out as Python writes them but with strings it would escape differently, and stores not laid out so.
    static let awkwardStores = [
        "{\n  \"a\": \"x\\/y\",\n  \"b\": [\n    1\n  ]\n}\n",
        "{\n  \"a\": \"caf\u{E9}\",\n  \"b\": {}\n}\n",
        "{\n  \"a\": \"caf\\u00E9\",\n  \"b\": \"\\u0041\\u000a\\u007f\\ud83d\\ude00\"\n}\n",
        "{\"b\": [1, 2.50, {\"z\": null, \"y\": true}], \"a\": {\"k\": \"v\"}}",
        "{\n  \"a\": [ ],\n  \"b\": 1\n}\n",
        "{\n  \"b\": 1,\n  \"a\": {\n    \"y\": 1,\n    \"x\": 2\n  }\n}\n",
        "{\n  \"a\": {\n    \"x\": 1,\n    \"x\": 2\n  }\n}\n",
    ]

    @Test(arguments: awkwardStores)
    func everyStoreIsWrittenAsPythonWritesItsValue(_ text: String) throws {
        let store = try Store.parse(Array(text.utf8), path: "/x", display: "x")
        let tree = try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
        #expect(store.encoded() == JSONWriter.pretty(.object(tree)) + Array("\n".utf8))
    }

    @Test func onlyPythonsOwnLayoutCountsAsIt() throws {
        #expect(try JSONDocument("{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": \"\\u00e9\"\n}").isPythonLayout)
        #expect(try !JSONDocument(#"{"a": 1}"#).isPythonLayout)
        #expect(try !JSONDocument("{\n  \"b\": 1,\n  \"a\": 2\n}").isPythonLayout)
        #expect(try !JSONDocument("{\n  \"a\" : 1\n}").isPythonLayout)
        #expect(try !JSONDocument("[\n  1 ,\n  2\n]").isPythonLayout)
        #expect(try !JSONDocument("[\n  1,\n  2\n  ]").isPythonLayout)
    }

    @Test func bareEntriesAreLegacyResponsesAndStayUntouched() throws {
        let text = "{\n  \"bare\": [\n    1,\n    2.50\n  ]\n}\n"
        let store = try Store.parse(Array(text.utf8), path: "/x", display: "x")
        let fixture = try #require(store.fixture("bare"))
        #expect(fixture.isBare)
        #expect(fixture.isLegacy)
        #expect(fixture.response.value == .array([.number(JSONNumber(text: "1")), .number(JSONNumber(text: "2.5"))]))
        #expect(store.encoded() == Array(text.utf8))
    }

    @Test func unreadableFactsAreReportedNotTrapped() throws {
        let text = #"{"k": {"metadata": {"liftrec": {"status": "maybe"}}, "response": {}}}"#
        let store = try Store.parse(Array(text.utf8), path: "/x", display: "x")
        #expect(throws: FixtureFactsError(field: "status", reason: "must be \"ok\" or \"error\"")) { try store.fixture("k")?.facts() }
    }

    @Test func savingIsAtomicAndLeavesNoTemporaryFiles() throws {
        let project = try TestProject()
        let path = project.root + "/fixtures/recorded/provider.json"
        var store = Store(path: path, display: "provider.json")
        try store.set("k", to: .object(JSONObject([("response", .null)])))
        try store.save()
        #expect(try FileSystem.list(project.root + "/fixtures/recorded") == ["provider.json"])
        #expect(try Store.load(path: path, display: "p").entries.keys == ["k"])
    }

    @Test func aSecondLockHolderFailsWithLocked() async throws {
        let project = try TestProject()
        let path = project.root + "/fixtures/recorded/provider.json"
        let environment = TestEnvironment.make(root: project.root)
        let first = try await StoreLock.acquire(storePath: path, display: "provider.json", waitSeconds: 0, environment: environment)
        do {
            _ = try await StoreLock.acquire(storePath: path, display: "provider.json", waitSeconds: 0, environment: environment)
            Issue.record("a second holder got the lock")
        } catch {
            guard case .locked(let file, _) = error else { Issue.record("expected .locked, got \(error)"); return }
            #expect(file == "provider.json")
        }
        first.release()
        let second = try await StoreLock.acquire(storePath: path, display: "provider.json", waitSeconds: 0, environment: environment)
        second.release()
        #expect(!FileSystem.exists(StoreLock.lockPath(for: path)))
    }

    @Test func missingStoreIsEmptyButUnreadableIsAnError() throws {
        let project = try TestProject()
        #expect(try Store.load(path: project.root + "/nope.json", display: "nope.json").entries.isEmpty)
        #expect(throws: LiftrecError.io(FileError(path: "dir", operation: "read", code: EISDIR))) {
            try Store.load(path: project.root, display: "dir")
        }
    }
}

@Suite struct InMemoryDocumentTests {
    // A value nested deeper than any document may be is an error that says so, not a null in its place.
    @Test func aValueTooDeepForADocumentIsRefusedAndAStoreSaysWhichEntry() throws {
        var deep = JSONValue.null
        for _ in 0...(4 * JSONScanner.maximumDepth) { deep = .array([deep]) }
        #expect(throws: JSONParseError.self) { try JSONDocument(deep) }
        var store = Store(path: "/x/s.json", display: "fixtures/recorded/s.json")
        do {
            try store.set("k", to: deep)
            Issue.record("a value too deep was stored")
        } catch {
            #expect(error.message.contains("fixtures/recorded/s.json"), "\(error.message)")
            #expect(error.message.contains("\"k\" cannot be stored"), "\(error.message)")
        }
        #expect(store.count == 0)
        try store.set("k", to: .array([.null]))
        #expect(store.fixture("k")?.entry.value == .array([.null]))
    }
}
