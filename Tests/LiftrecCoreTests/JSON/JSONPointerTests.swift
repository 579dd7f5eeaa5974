import Testing
@testable import LiftrecCore

@Suite struct JSONPointerTests {
    @Test func escapesTildeAndSlashInTokens() {
        #expect(JSONPointer.root.appending("a/b").appending("m~n").appending(0).description == "/a~1b/m~0n/0")
        #expect(JSONPointer.root.description == "")
    }

    @Test func parsesTextAndFragments() {
        #expect(JSONPointer(parsing: "/a~1b/m~0n")?.tokens == ["a/b", "m~n"])
        #expect(JSONPointer(parsing: "#/definitions/Typed%20Hole")?.tokens == ["definitions", "Typed Hole"])
        #expect(JSONPointer(parsing: "#")?.tokens == [])
        #expect(JSONPointer(parsing: "a/b") == nil)
        #expect(JSONPointer(parsing: "/bad~2") == nil)
    }

    @Test func resolvesMembersAndIndices() {
        let document = JSONValue.object(JSONObject([("list", .array([.null, .bool(true)]))]))
        #expect(JSONPointer(parsing: "/list/1")?.resolve(in: document) == .bool(true))
        #expect(JSONPointer(parsing: "/list/01")?.resolve(in: document) == nil)
        #expect(JSONPointer(parsing: "/list/2")?.resolve(in: document) == nil)
        #expect(JSONPointer(parsing: "/missing")?.resolve(in: document) == nil)
    }
}
