import Testing
@testable import LiftrecCore

/// `JSONDocument` gives the same verdict, error and value as `JSONParser` on every JSON corpus the tests hold.
@Suite struct JSONDocumentTests {
    /// Every committed JSON file: the JSON fixtures, the Python stores and suites, and the recorded fixtures.
    static let committedFiles = [
        "json/canonical-vectors.json", "json/tricky.json", "json/tricky.pretty.json",
        "modal_responses.json", "modal_responses-without-warmup.json", "provider-independent.json", "provider-suite.json",
        "../../fixtures/recorded/provider.json", "../../fixtures/suites/provider.json",
    ]

    /// Documents beyond the parser's own tables: repeated names, escaped names, nesting and whitespace.
    static let extraDocuments = [
        "{\"a\":1,\"b\":2,\"a\":3}",
        "{\"a\":{\"x\":1},\"a\":[2],\"c\":{\"a\":0,\"a\":\"last\"}}",
        "{\"\\u0061\":1,\"a\":2,\"\\\"q\\\"\":3}",
        "{\"e\\u0301\":1,\"\\u00e9\":2}",
        "[[[[[]]]],{\"k\":[{},{\"k\":null}]}, -0.0e+00, 1E400, \"\\ud83d\\ude00\\n\"]",
        " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
        String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
    ]

    @Test(arguments: JSONParserTests.invalidDocuments)
    func rejectsWhatTheParserRejectsWithTheSameError(_ invalid: JSONParserTests.Invalid) {
        let expected = #expect(throws: JSONParseError.self) { try JSONParser.parse(invalid.bytes) }
        let error = #expect(throws: JSONParseError.self) { try JSONDocument(bytes: invalid.bytes) }
        #expect(error == expected)
    }

    @Test(arguments: JSONParserTests.validDocuments.map(\.0) + extraDocuments)
    func documentValueIsTheParsersValue(_ text: String) throws {
        try expectSameAsParser(Array(text.utf8))
    }

    @Test(arguments: committedFiles)
    func committedFilesGiveTheParsersValue(_ path: String) throws {
        try expectSameAsParser(try #require(FixtureFile.bytes(path), "cannot read \(path)"))
    }

    @Test func canonicalVectorInputsGiveTheParsersValue() throws {
        #expect(JSONWriterTests.canonicalVectors.count > 200)
        for vector in JSONWriterTests.canonicalVectors {
            try expectSameAsParser(Array(vector.input.utf8))
        }
    }

    @Test func lookupFindsTheLastRepeatedNameByItsBytes() throws {
        let document = try JSONDocument("{\"a\":1,\"\\u0062\":true,\"a\":\"x\",\"e\\u0301\":1,\"\\u00e9\":2}")
        #expect(document.root["a"]?.stringValue == "x")
        #expect(document.root["b"]?.boolValue == true)
        #expect(document.root["\u{E9}"]?.numberValue?.text == "2")
        #expect(document.root["e\u{301}"]?.numberValue?.text == "1")
        #expect(document.root["missing"] == nil)
        #expect(document.root.count == 5)
        #expect(document.root["a"]?["a"] == nil)
    }

    @Test func elementsKeepTextAndKinds() throws {
        let document = try JSONDocument("[1.50, \"s\\t\", null, false, {}, []]")
        let elements = Array(document.root.elements)
        #expect(elements.map(\.typeName) == ["number", "string", "null", "boolean", "object", "array"])
        #expect(elements[0].numberValue?.text == "1.50")
        #expect(elements[1].stringValue == "s\t")
        #expect(elements[2].isNull)
        #expect(elements[3].boolValue == false)
        #expect(Array(elements[4].members).isEmpty && Array(elements[5].elements).isEmpty)
        #expect(elements[0].stringValue == nil && elements[1].numberValue == nil)
    }

    @Test func prettyFromTheDocumentRewritesThePythonStoresByteForByte() throws {
        for path in ["modal_responses.json", "modal_responses-without-warmup.json", "../../fixtures/recorded/provider.json"] {
            let store = try #require(FixtureFile.bytes(path), "cannot read \(path)")
            #expect(JSONWriter.pretty(try JSONDocument(bytes: store).root) + [0x0A] == store, "\(path)")
        }
        let tricky = try #require(FixtureFile.bytes("json/tricky.json"))
        let expected = try #require(FixtureFile.bytes("json/tricky.pretty.json"))
        #expect(JSONWriter.pretty(try JSONDocument(bytes: tricky).root) == expected)
    }

    @Test func prettyFromTheDocumentWritesEachRepeatedNameOnceWithItsLastValue() throws {
        let document = try JSONDocument("{\"b\":1,\"a\":2,\"b\":{\"\\u0063\":3,\"c\":[4]},\"a\":\"\\u00e9\"}")
        let written = String(decoding: JSONWriter.pretty(document.root), as: UTF8.self)
        #expect(written == "{\n  \"a\": \"\\u00e9\",\n  \"b\": {\n    \"c\": [\n      4\n    ]\n  }\n}")
    }

    /// Parses `bytes` both ways and expects values that match in kind, order and number text, and the same pretty form.
    private func expectSameAsParser(_ bytes: [UInt8]) throws {
        let expected = try JSONParser.parse(bytes)
        let document = try JSONDocument(bytes: bytes)
        let value = document.root.value
        #expect(value == expected)
        #expect(identical(value, expected), "document value differs in order or number text")
        #expect(JSONWriter.pretty(document.root) == JSONWriter.pretty(expected), "pretty forms differ")
    }

    /// True when both values have the same kinds, member order and number text, not just the same meaning.
    private func identical(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let left), .number(let right)): return left.text == right.text
        case (.string(let left), .string(let right)): return Array(left.utf8) == Array(right.utf8)
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { identical($0, $1) }
        case (.object(let left), .object(let right)):
            return left.keys.map { Array($0.utf8) } == right.keys.map { Array($0.utf8) }
                && zip(left.values, right.values).allSatisfy { identical($0, $1) }
        default: return lhs == rhs
        }
    }
}
