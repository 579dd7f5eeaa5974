import Testing
@testable import LiftrecCore

@Suite struct JSONWriterTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    // MARK: pretty

    @Test func prettyRewritesThePythonStoreByteForByte() throws {
        let store = try #require(FixtureFile.bytes("modal_responses.json"))
        let value = try JSONParser.parse(store)
        #expect(JSONWriter.pretty(value) + [0x0A] == store)
    }

    @Test func prettyMatchesPythonOnTheTrickyDocument() throws {
        let input = try #require(FixtureFile.bytes("json/tricky.json"))
        let expected = try #require(FixtureFile.bytes("json/tricky.pretty.json"))
        let written = JSONWriter.pretty(try JSONParser.parse(input))
        #expect(text(written) == text(expected))
        #expect(written == expected)
    }

    @Test func prettySortsKeysByCodePointNotUTF16OrSwiftOrder() throws {
        // U+E000 precedes U+1F600 by code point, follows it in UTF-16; NFC and NFD "é" are distinct keys.
        let value = try JSONParser.parse("{\"\u{1F600}\":1,\"\u{E000}\":2,\"e\u{301}\":3,\"\u{E9}\":4,\"Z\":5,\"a\":6}")
        #expect(text(JSONWriter.pretty(value)) == """
            {
              "Z": 5,
              "a": 6,
              "e\\u0301": 3,
              "\\u00e9": 4,
              "\\ue000": 2,
              "\\ud83d\\ude00": 1
            }
            """)
    }

    @Test func prettyEscapesEverythingOutsidePrintableASCII() throws {
        let value = JSONValue.string("\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F} \"\\/\u{7F}é\u{2028}😀~")
        #expect(text(JSONWriter.pretty(value))
            == "\"\\u0000\\u0001\\b\\t\\n\\f\\r\\u001f \\\"\\\\/\\u007f\\u00e9\\u2028\\ud83d\\ude00~\"")
    }

    @Test func prettyWritesScalarsEmptiesAndNumberTextUnchanged() throws {
        #expect(text(JSONWriter.pretty(try JSONParser.parse("1e5"))) == "1e5")
        #expect(text(JSONWriter.pretty(try JSONParser.parse("-0"))) == "-0")
        #expect(text(JSONWriter.pretty(.null)) == "null")
        #expect(text(JSONWriter.pretty(try JSONParser.parse("[{}, [], {\"a\": []}]"))) == """
            [
              {},
              [],
              {
                "a": []
              }
            ]
            """)
    }

    @Test func prettyHandlesLongStringsAcrossWordBoundaries() {
        // Escapes at every offset modulo 8 exercise the word-at-a-time scan and its byte-wise fallback.
        for offset in 0..<17 {
            let string = String(repeating: "a", count: offset) + "\"é\n" + String(repeating: "b", count: 9)
            let expected = "\"" + String(repeating: "a", count: offset) + "\\\"\\u00e9\\n" + String(repeating: "b", count: 9) + "\""
            #expect(text(JSONWriter.pretty(.string(string))) == expected)
        }
    }

    // MARK: compact

    @Test func compactKeepsDocumentOrderRawUTF8AndMinimalEscapes() throws {
        let value = try JSONParser.parse("{ \"z\" : [1.0, true, null] , \"a\" : \"é😀\\u007f\\t\\u0001\\\"\\\\\\/\" }")
        #expect(text(JSONWriter.compact(value)) == "{\"z\":[1.0,true,null],\"a\":\"é😀\u{7F}\\t\\u0001\\\"\\\\/\"}")
    }

    @Test func compactOutputParsesBackToTheSameValue() throws {
        let input = try #require(FixtureFile.bytes("json/tricky.json"))
        let value = try JSONParser.parse(input)
        #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
        #expect(JSONWriter.compact(value) == input)
    }

    // MARK: canonical

    struct CanonicalVector: Sendable, CustomStringConvertible {
        let input: String
        let canonical: String
        var description: String { input }
    }

    static let canonicalVectors: [CanonicalVector] = {
        guard let bytes = FixtureFile.bytes("json/canonical-vectors.json"),
              let vectors = try? JSONParser.parse(bytes).arrayValue else { return [] }
        return vectors.compactMap { vector in
            guard let input = vector["input"]?.stringValue, let canonical = vector["canonical"]?.stringValue else { return nil }
            return CanonicalVector(input: input, canonical: canonical)
        }
    }()

    @Test func canonicalVectorsAreLoaded() {
        #expect(Self.canonicalVectors.count > 200)
    }

    @Test(arguments: canonicalVectors)
    func canonicalMatchesTheRFC8785Package(_ vector: CanonicalVector) throws {
        let canonical = try JSONWriter.canonical(try JSONParser.parse(vector.input))
        #expect(text(canonical) == vector.canonical)
    }

    @Test func canonicalSortsKeysByUTF16CodeUnits() throws {
        let value = try JSONParser.parse("{\"\u{E000}\":1,\"\u{1F600}\":2,\"b\":3,\"a\":{\"y\":0.0,\"x\":-0}}")
        #expect(text(try JSONWriter.canonical(value)) == "{\"a\":{\"x\":0,\"y\":0},\"b\":3,\"\u{1F600}\":2,\"\u{E000}\":1}")
    }

    @Test func canonicalRejectsNumbersBeyondADouble() throws {
        let value = try JSONParser.parse("{\"ok\": 1, \"big\": [-1e400]}")
        #expect(throws: JSONCanonicalError.numberOutOfRange("-1e400")) { try JSONWriter.canonical(value) }
        #expect(JSONCanonicalError.numberOutOfRange("1e400").description.contains("number 1e400 is too large"))
    }
}
