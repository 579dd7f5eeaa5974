import Testing
@testable import LiftrecCore

@Suite struct JSONDiffTests {
    private func diff(_ old: String, _ new: String, ignoring: [String] = []) throws -> [JSONDifference] {
        JSONDiff.differences(from: try JSONParser.parse(old), to: try JSONParser.parse(new),
                             ignoring: ignoring.compactMap { JSONPointer(parsing: $0) })
    }

    @Test func equalValuesHaveNoDifferences() throws {
        #expect(try diff("{\"a\":[1,{\"b\":null}],\"c\":true}", "{\"c\":true,\"a\":[1.0,{\"b\":null}]}").isEmpty)
        #expect(try diff("[1e2, -0, \"x\"]", "[100, 0.0, \"x\"]").isEmpty)
    }

    @Test func reportsChangedValuesOfTheSameType() throws {
        let differences = try diff(
            "{\"signature\":{\"parameters\":[{\"type_hint\":\"int\"}]},\"n\":1,\"ok\":true}",
            "{\"signature\":{\"parameters\":[{\"type_hint\":\"integer\"}]},\"n\":2,\"ok\":false}")
        #expect(differences.map(\.kind) == [.changed, .changed, .changed])
        #expect(differences.map(\.pointer.description) == ["/signature/parameters/0/type_hint", "/n", "/ok"])
        #expect(differences.first?.old == .string("int"))
        #expect(differences.first?.new == .string("integer"))
        #expect(differences.first?.description == "/signature/parameters/0/type_hint: \"int\" → \"integer\"")
    }

    @Test func reportsAddedAndRemovedMembersAndElements() throws {
        let differences = try diff("{\"x\":3,\"list\":[1,2,3],\"kept\":0}", "{\"kept\":0,\"list\":[1],\"constraints\":[]}")
        #expect(differences == [
            JSONDifference(pointer: JSONPointer(tokens: ["x"]), kind: .removed, old: .number(JSONNumber(3)), new: nil),
            JSONDifference(pointer: JSONPointer(tokens: ["list", "1"]), kind: .removed, old: .number(JSONNumber(2)), new: nil),
            JSONDifference(pointer: JSONPointer(tokens: ["list", "2"]), kind: .removed, old: .number(JSONNumber(3)), new: nil),
            JSONDifference(pointer: JSONPointer(tokens: ["constraints"]), kind: .added, old: nil, new: .array([])),
        ])
        #expect(differences.map(\.description) == [
            "/x: removed 3", "/list/1: removed 2", "/list/2: removed 3", "/constraints: added []",
        ])
        #expect(try diff("[1]", "[1,{\"a\":\"b\"}]").map(\.description) == ["/1: added {\"a\":\"b\"}"])
    }

    @Test func reportsTypeChanges() throws {
        let differences = try diff("{\"a\":\"3\",\"b\":null,\"c\":[]}", "{\"a\":3,\"b\":false,\"c\":{}}")
        #expect(differences.map(\.kind) == [.typeChanged, .typeChanged, .typeChanged])
        #expect(differences.map(\.description) == ["/a: \"3\" → 3", "/b: null → false", "/c: [] → {}"])
        #expect(try diff("1", "\"1\"").map(\.description) == ["(root): 1 → \"1\""])
    }

    @Test func stringsCompareByExactScalars() throws {
        let differences = try diff("[\"\u{E9}\"]", "[\"e\u{301}\"]")
        #expect(differences.map(\.kind) == [.changed])
    }

    @Test func dropsDifferencesAtOrUnderIgnoredPointers() throws {
        let old = "{\"metadata\":{\"liftrec\":{\"recorded_at\":\"a\",\"latency_ms\":1}},\"response\":{\"x\":1,\"y\":[1]}}"
        let new = "{\"metadata\":{\"liftrec\":{\"recorded_at\":\"b\",\"latency_ms\":2}},\"response\":{\"x\":2,\"y\":[1,2]}}"
        #expect(try diff(old, new).count == 4)
        #expect(try diff(old, new, ignoring: ["/metadata"]).map(\.description) == ["/response/x: 1 → 2", "/response/y/1: added 2"])
        #expect(try diff(old, new, ignoring: ["/metadata/liftrec/recorded_at", "/response/y/1"]).map(\.description)
            == ["/metadata/liftrec/latency_ms: 1 → 2", "/response/x: 1 → 2"])
        #expect(try diff(old, new, ignoring: [""]).isEmpty)
        #expect(try diff("{\"a~b/c\":1}", "{}", ignoring: ["/a~0b~1c"]).isEmpty)
    }

    @Test func cutsLongValuesInTheRenderedLine() throws {
        let long = String(repeating: "x", count: 200)
        let line = try #require(try diff("{}", "{\"k\":\"\(long)\"}").first?.description)
        #expect(line == "/k: added \"" + String(repeating: "x", count: 78) + "…")
        #expect(line.count == "/k: added ".count + JSONDifference.maximumValueLength)
    }
}
