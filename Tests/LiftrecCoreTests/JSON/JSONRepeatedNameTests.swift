import Testing
@testable import LiftrecCore

@Suite struct JSONRepeatedNameTests {
    @Test func repeatedNamesKeepTheLastValueByDefault() throws {
        #expect(try JSONParser.parse(Array(#"{"a":1,"a":2}"#.utf8))["a"] == .number(JSONNumber(2)))
    }

    @Test(arguments: [
        (#"{"a":{"b":1,"c":{"d":1}},"a":2}"#, 26),
        (#"{"a":{"b":1,"b":2}}"#, 13),
    ])
    func refusedRepeatedNamesAreReportedWhereTheyRepeat(document: String, column: Int) {
        #expect(throws: JSONParseError(line: 1, column: column, message: "member name \"\(column == 26 ? "a" : "b")\" appears twice in this object; keep one")) {
            try JSONDocument(bytes: Array(document.utf8), rejectingRepeatedNames: true)
        }
    }

    @Test func distinctNamesInNestedObjectsAreFine() throws {
        let document = try JSONDocument(bytes: Array(#"{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}"#.utf8), rejectingRepeatedNames: true)
        #expect(document.root["b"]?.count == 2)
    }

    @Test func aRepeatedNameWrittenWithEscapesIsStillTheSameName() {
        #expect(throws: JSONParseError(line: 1, column: 9, message: "member name \"ab\" appears twice in this object; keep one")) {
            try JSONDocument(bytes: Array(#"{"ab":1,"a\u0062":2}"#.utf8), rejectingRepeatedNames: true)
        }
    }
}
