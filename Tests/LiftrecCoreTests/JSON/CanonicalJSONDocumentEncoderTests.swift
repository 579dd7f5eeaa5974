import Testing
@testable import LiftrecCore

/// `JSONWriter.canonical` of a document's element writes the same bytes, and fails the same way, as it does for the tree.
@Suite struct CanonicalJSONDocumentEncoderTests {
    /// Documents that exercise what the tree path resolves differently from the tape: repeated and escaped names,
    /// names ordered differently by UTF-8 and UTF-16, escapes that canonical form keeps or drops, and numbers.
    static let edgeDocuments = [
        "{\"b\":1,\"a\":2,\"b\":3}",
        "{\"a\":{\"x\":1},\"a\":[2],\"c\":{\"a\":0,\"a\":\"last\"}}",
        "{\"\\u0061\":1,\"a\":2,\"\\\"q\\\"\":3,\"a\\u0000\":4,\"a\\n\":5}",
        "{\"e\\u0301\":1,\"\\u00e9\":2,\"e\":3}",
        "{\"\u{E000}\":1,\"\u{1F600}\":2,\"\\ud83d\\ude00\":3,\"\u{FFFF}\":4,\"\u{D7FF}\":5,\"\u{10000}\":6,\"\u{FFFD}a\":7,\"\u{FFFD}\":8}",
        "{\"ab\":1,\"a\":2,\"\":3,\"a\\u0080\":4,\"a\u{7F}\":5}",
        "[\"\\u002f\\/\\b\\f\\n\\r\\t\\u001f\\u007f\\u00e9\",\"plain \u{E9} text\",\"\"]",
        "[-0, -0.0, 0e10, 1.0, 1e21, 1e-7, 123456789012345678, 0.1, -1.5E+3, 100000000000000000000, 1E400]",
        "{\"z\":[{\"b\":null,\"a\":true},{}],\"y\":{\"d\":{\"c\":{\"b\":{\"a\":false}}}}}",
        String(repeating: "[{\"k\":", count: 200) + "0" + String(repeating: "}]", count: 200),
    ]

    @Test func rfc8785VectorsGiveTheTreesBytes() throws {
        #expect(JSONWriterTests.canonicalVectors.count > 200)
        for vector in JSONWriterTests.canonicalVectors {
            let document = try JSONDocument(vector.input)
            #expect(String(decoding: try JSONWriter.canonical(document.root), as: UTF8.self) == vector.canonical, "\(vector)")
        }
    }

    @Test(arguments: JSONParserTests.validDocuments.map(\.0) + edgeDocuments)
    func documentGivesTheTreesBytes(_ text: String) throws {
        try expectSameAsTree(Array(text.utf8))
    }

    @Test(arguments: ["json/tricky.json", "provider-suite.json", "../../fixtures/suites/provider.json", "../../fixtures/recorded/openai.json"])
    func committedFilesGiveTheTreesBytes(_ path: String) throws {
        try expectSameAsTree(try #require(FixtureFile.bytes(path), "cannot read \(path)"))
    }

    @Test func everyInnerValueGivesTheTreesBytes() throws {
        let document = try JSONDocument(Self.edgeDocuments[4])
        for (_, value) in document.root.members {
            #expect(try JSONWriter.canonical(value) == JSONWriter.canonical(value.value))
        }
    }

    @Test func numberBeyondADoubleFailsWithTheTreesError() throws {
        // The first failing number in canonical order is the one named: "a" sorts before "b".
        let document = try JSONDocument("{\"b\":-1e400,\"a\":[1,2e999]}")
        let expected = #expect(throws: JSONCanonicalError.self) { try JSONWriter.canonical(document.root.value) }
        let error = #expect(throws: JSONCanonicalError.self) { try JSONWriter.canonical(document.root) }
        #expect(error == expected)
        #expect(error == .numberOutOfRange("2e999"))
    }

    @Test func repeatedNameWritesOnlyItsLastValue() throws {
        let document = try JSONDocument("{\"b\":1,\"\\u0062\":2,\"a\":{\"x\":1,\"x\":[3]}}")
        #expect(String(decoding: try JSONWriter.canonical(document.root), as: UTF8.self) == "{\"a\":{\"x\":[3]},\"b\":2}")
    }

    @Test func comparesNamesAsUTF16CodeUnits() {
        func order(_ left: String, _ right: String) -> Int {
            var left = left, right = right
            return left.withUTF8 { l in right.withUTF8 { r in JSONMemberOrder.rfc8785.compare(l, r) } }
        }
        let names = ["", "a", "ab", "b", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}",
                     "\u{10000}", "\u{1F600}", "\u{10FFFF}", "a\u{10000}", "a\u{E000}", "a\u{FFFF}b"]
        for left in names {
            for right in names {
                let expected = left.utf16.lexicographicallyPrecedes(right.utf16) ? -1 : left.utf16.elementsEqual(right.utf16) ? 0 : 1
                #expect(order(left, right).signum() == expected, "\(left.unicodeScalars.map(\.value)) vs \(right.unicodeScalars.map(\.value))")
            }
        }
    }

    private func expectSameAsTree(_ bytes: [UInt8]) throws {
        let document = try JSONDocument(bytes: bytes)
        let expected = Result { () throws(JSONCanonicalError) in try JSONWriter.canonical(document.root.value) }
        let actual = Result { () throws(JSONCanonicalError) in try JSONWriter.canonical(document.root) }
        #expect(actual == expected)
    }
}
