import Testing
@testable import LiftrecCore

@Suite struct JSONObjectTests {
    @Test func repeatedKeyKeepsFirstPositionAndLastValue() {
        let object = JSONObject([("a", .null), ("b", .bool(true)), ("a", .bool(false))])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .bool(false))
    }

    @Test func largeObjectsFindAndRemoveMembers() {
        var object = JSONObject((0..<100).map { ("k\($0)", JSONValue.number(JSONNumber($0))) })
        #expect(object["k57"] == .number(JSONNumber(57)))
        object["k10"] = nil
        #expect(object["k10"] == nil)
        #expect(object["k11"] == .number(JSONNumber(11)))
        #expect(object.count == 99)
        #expect(object.position(of: "k99") == 98)
    }

    @Test func equalityIgnoresMemberOrder() {
        #expect(JSONObject([("a", .null), ("b", .null)]) == JSONObject([("b", .null), ("a", .null)]))
        #expect(JSONObject([("a", .null)]) != JSONObject([("a", .bool(true))]))
    }
}
