import Testing
@testable import LiftrecCore

@Suite struct JSONParserTests {
    /// An invalid document and where its first bad byte is.
    struct Invalid: CustomStringConvertible, Sendable {
        let bytes: [UInt8]
        let line: Int
        let column: Int
        let message: String

        init(_ text: String, _ line: Int, _ column: Int, _ message: String) {
            self.init(bytes: Array(text.utf8), line, column, message)
        }

        init(bytes: [UInt8], _ line: Int, _ column: Int, _ message: String) {
            self.bytes = bytes
            self.line = line
            self.column = column
            self.message = message
        }

        var description: String { String(decoding: bytes.prefix(40), as: UTF8.self) }
    }

    static let invalidDocuments: [Invalid] = [
        Invalid("", 1, 1, "empty input"),
        Invalid("   ", 1, 4, "unexpected end of input, expected a JSON value"),
        Invalid("\n\n", 3, 1, "unexpected end of input, expected a JSON value"),
        Invalid("[1,]", 1, 4, "trailing comma before ']'"),
        Invalid("{\"a\":1,}", 1, 8, "trailing comma before '}'"),
        Invalid("[1 2]", 1, 4, "expected ',' or ']' after array element, found '2'"),
        Invalid("{\"a\" 1}", 1, 6, "expected ':' after member name, found '1'"),
        Invalid("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' after object member, found '\"'"),
        Invalid("{a:1}", 1, 2, "expected a string member name, found 'a'"),
        Invalid("{,}", 1, 2, "expected a string member name, found ','"),
        Invalid("[,1]", 1, 2, "expected a JSON value, found ','"),
        Invalid("01", 1, 2, "leading zero"),
        Invalid("-01", 1, 3, "leading zero"),
        Invalid("[00]", 1, 3, "leading zero"),
        Invalid("1.", 1, 3, "unexpected end of input inside number, expected a digit after '.'"),
        Invalid("1.e5", 1, 3, "expected a digit after '.' in number, found 'e'"),
        Invalid(".5", 1, 1, "expected a JSON value, found '.'"),
        Invalid("-", 1, 2, "unexpected end of input inside number"),
        Invalid("-a", 1, 2, "expected a digit after '-' in number, found 'a'"),
        Invalid("1e", 1, 3, "unexpected end of input inside number"),
        Invalid("1e+", 1, 4, "unexpected end of input inside number"),
        Invalid("1e+x", 1, 4, "expected a digit after the exponent mark in number, found 'x'"),
        Invalid("+1", 1, 1, "expected a JSON value, found '+'"),
        Invalid("NaN", 1, 1, "NaN and Infinity are not valid JSON"),
        Invalid("[Infinity]", 1, 2, "NaN and Infinity are not valid JSON"),
        Invalid("-Infinity", 1, 2, "expected a digit after '-' in number, found 'I'"),
        Invalid("tru", 1, 4, "unexpected end of input, expected 'true'"),
        Invalid("trux", 1, 4, "expected 'true', found 'x'"),
        Invalid("nulL", 1, 4, "expected 'null', found 'L'"),
        Invalid("True", 1, 1, "expected a JSON value, found 'T'"),
        Invalid("'a'", 1, 1, "expected a JSON value, found '''"),
        Invalid("\"abc", 1, 5, "unexpected end of input inside string"),
        Invalid("\"a\tb\"", 1, 3, "control character U+0009 must be escaped inside a string"),
        Invalid("\"a\nb\"", 1, 3, "control character U+000A must be escaped inside a string"),
        Invalid("\"\\x\"", 1, 3, "invalid escape '\\' followed by 'x'"),
        Invalid("\"\\u12G4\"", 1, 6, "invalid \\u escape: expected 4 hex digits, found 'G'"),
        Invalid("\"\\u12\"", 1, 6, "invalid \\u escape: expected 4 hex digits, found '\"'"),
        Invalid("\"\\u\"", 1, 4, "expected 4 hex digits"),
        Invalid("\"\\", 1, 3, "unexpected end of input inside string"),
        Invalid("\"\\ud800\"", 1, 2, "lone surrogate \\uD800"),
        Invalid("\"\\udc00\"", 1, 2, "lone surrogate \\uDC00"),
        Invalid("\"\\ud800\\u0041\"", 1, 2, "lone surrogate \\uD800"),
        Invalid("\"\\ud800x\"", 1, 2, "lone surrogate \\uD800"),
        Invalid("\"\\ud800", 1, 8, "unexpected end of input inside string"),
        Invalid("1 2", 1, 3, "unexpected '2' after the JSON value"),
        Invalid("{} x", 1, 4, "unexpected 'x' after the JSON value"),
        Invalid("[1]]", 1, 4, "unexpected ']' after the JSON value"),
        Invalid(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8), 1, 1, "byte order mark"),
        Invalid(bytes: [0x22, 0xC0, 0x80, 0x22], 1, 2, "invalid UTF-8 in string at byte 0xC0"),
        Invalid(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], 1, 2, "invalid UTF-8 in string at byte 0xE0"),
        Invalid(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], 1, 2, "invalid UTF-8 in string at byte 0xED"),
        Invalid(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, 2, "invalid UTF-8 in string at byte 0xF4"),
        Invalid(bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], 1, 2, "invalid UTF-8"),
        Invalid(bytes: [0x22, 0xE2, 0x82, 0x22], 1, 2, "invalid UTF-8 in string at byte 0xE2"),
        Invalid(bytes: [0x22, 0xE2, 0x82], 1, 2, "invalid UTF-8 in string at byte 0xE2"),
        Invalid(bytes: [0x22, 0x80, 0x22], 1, 2, "invalid UTF-8 in string at byte 0x80"),
        Invalid(bytes: [0x22, 0x61, 0xFF, 0x22], 1, 3, "invalid UTF-8 in string at byte 0xFF"),
        Invalid(bytes: [0x5B, 0xFF, 0x5D], 1, 2, "expected a JSON value, found byte 0xFF"),
        Invalid("{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':' after member name, found '2'"),
        Invalid("[\"é😀\", x]", 1, 8, "expected a JSON value, found 'x'"),
        Invalid("[\"é\",\n \"ü\" é]", 2, 6, "expected ',' or ']' after array element, found 'é'"),
        Invalid("[\r\n1,\r\n]", 3, 1, "trailing comma before ']'"),
        Invalid("[", 1, 2, "unexpected end of input, expected a JSON value"),
        Invalid("[1", 1, 3, "unexpected end of input inside array, expected ',' or ']' after array element"),
        Invalid("[1,2\n", 2, 1, "unexpected end of input inside array"),
        Invalid("{\"a\":", 1, 6, "unexpected end of input, expected a JSON value"),
        Invalid("{\"a\"", 1, 5, "unexpected end of input inside object, expected ':' after member name"),
        Invalid("{", 1, 2, "unexpected end of input inside object, expected a string member name"),
        Invalid("\u{01}", 1, 1, "expected a JSON value, found control character U+0001"),
        Invalid("[1,\u{0C}2]", 1, 4, "expected a JSON value, found control character U+000C"),
        Invalid("[1,\u{A0}2]", 1, 4, "expected a JSON value, found '\u{A0}'"),
        Invalid(String(repeating: "[", count: 513), 1, 513, "nested deeper than 512 levels"),
        Invalid(String(repeating: "{\"a\":", count: 513), 1, 2561, "nested deeper than 512 levels"),
    ]

    @Test(arguments: invalidDocuments)
    func rejectsInvalidDocumentsAtTheFirstBadByte(_ invalid: Invalid) {
        let error = #expect(throws: JSONParseError.self) { try JSONParser.parse(invalid.bytes) }
        #expect(error?.line == invalid.line)
        #expect(error?.column == invalid.column)
        #expect(error?.message.contains(invalid.message) == true, "message was: \(error?.message ?? "none")")
    }

    @Test func invalidTableIsLargeEnough() {
        #expect(Self.invalidDocuments.count >= 40)
    }

    @Test func describesErrorsByLineAndColumn() {
        let error = JSONParseError(line: 2, column: 7, message: "expected ':' after member name, found '2'")
        #expect(error.description == "line 2, column 7: expected ':' after member name, found '2'")
        #expect(throws: JSONParseError(line: 1, column: 9, message: "expected ',' or '}' after object member, found 'x'")) {
            try JSONParser.parse("{\"a\": 1 x}")
        }
    }

    /// Valid edge documents and the values they parse to.
    static let validDocuments: [(String, JSONValue)] = [
        ("0", JSONValue.number(JSONNumber(text: "0"))),
        ("-0", .number(JSONNumber(text: "-0"))),
        ("-0.0e0", .number(JSONNumber(text: "-0.0e0"))),
        ("1E+2", .number(JSONNumber(text: "1E+2"))),
        ("1e-2", .number(JSONNumber(text: "1e-2"))),
        ("null", .null),
        ("true", .bool(true)),
        (" \t\r\nfalse \t\r\n", .bool(false)),
        ("\"\"", .string("")),
        ("[]", .array([])),
        ("{}", .object(JSONObject())),
        ("[ ]", .array([])),
        ("{ }", .object(JSONObject())),
        ("[[], {}, [[]]]", .array([.array([]), .object(JSONObject()), .array([.array([])])])),
        ("\"\\u0000\"", .string("\u{0}")),
        ("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"", .string("\" \\ / \u{08} \u{0C} \n \r \t")),
        ("\"\\u00e9\\u00C9\"", .string("éÉ")),
        ("\"\\ud83d\\ude00\"", .string("😀")),
        ("\"\\uD834\\uDD1E\"", .string("𝄞")),
        ("\"raw 😀 é 中 \u{7F}\"", .string("raw 😀 é 中 \u{7F}")),
        ("\"\\uffff\\u2028\"", .string("\u{FFFF}\u{2028}")),
        ("{\"a\":{\"b\":[1,\"x\",null]}}", .object(JSONObject([("a", .object(JSONObject([("b", .array([
            .number(JSONNumber(1)), .string("x"), .null,
        ]))])))]))),
    ]

    @Test(arguments: validDocuments)
    func acceptsValidEdgeDocuments(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func escapedAndRawTextGiveTheSameScalars() throws {
        let escaped = try JSONParser.parse("\"caf\\u00e9 \\ud83d\\ude00 a\\nb\"")
        let raw = try JSONParser.parse("\"café 😀 a\\nb\"")
        #expect(escaped.stringValue?.unicodeScalars.elementsEqual("café 😀 a\nb".unicodeScalars) == true)
        #expect(raw.stringValue?.unicodeScalars.elementsEqual("café 😀 a\nb".unicodeScalars) == true)
    }

    @Test func keepsNumberTextExactly() throws {
        let numbers = ["1.0", "1e5", "-0.0", "1E+2", "0.000", "12345678901234567890123",
                       "123456789012345678901234567890.000e-0005", "-5e-324", "1e400"]
        let parsed = try JSONParser.parse("[ " + numbers.joined(separator: " , ") + " ]")
        #expect(parsed.arrayValue?.compactMap { $0.numberValue?.text } == numbers)
        #expect(JSONWriter.compact(parsed) == Array(("[" + numbers.joined(separator: ",") + "]").utf8))
    }

    @Test func repeatedKeysKeepFirstPositionAndLastValue() throws {
        let object = try #require(try JSONParser.parse("{\"a\":1,\"b\":2,\"a\":3}").objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .number(JSONNumber(3)))
        let members = (0..<20).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let large = try #require(try JSONParser.parse("{" + members + ",\"k3\":\"last\"}").objectValue)
        #expect(large.count == 20)
        #expect(large.position(of: "k3") == 3)
        #expect(large["k3"] == .string("last"))
    }

    @Test func canonicallyEquivalentKeysStayDistinct() throws {
        let object = try #require(try JSONParser.parse("{\"\u{E9}\":1,\"e\u{301}\":2}").objectValue)
        #expect(object.count == 2)
        #expect(object["\u{E9}"] == .number(JSONNumber(1)))
        #expect(object["e\u{301}"] == .number(JSONNumber(2)))
        // Objects above the scan threshold look members up through a hashed index, which must agree.
        let members = (0..<14).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let large = try #require(try JSONParser.parse("{" + members + ",\"\u{E9}\":1,\"e\u{301}\":2,\"\u{E9}\":3}").objectValue)
        #expect(large.count == 16)
        #expect(large["\u{E9}"] == .number(JSONNumber(3)))
        #expect(large["e\u{301}"] == .number(JSONNumber(2)))
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = JSONParser.maximumDepth
        var value = try JSONParser.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var levels = 0
        while let inner = value.arrayValue {
            levels += 1
            value = inner.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        #expect(throws: JSONParseError(line: 1, column: 513, message: "arrays and objects nested deeper than 512 levels")) {
            try JSONParser.parse(String(repeating: "[", count: 100_000))
        }
        // 256 objects and 256 arrays deep; the 257th object opens at column 256 × 6 + 1.
        #expect(throws: JSONParseError(line: 1, column: 1537, message: "arrays and objects nested deeper than 512 levels")) {
            try JSONParser.parse(String(repeating: "{\"a\":[", count: 50_000))
        }
    }

    @Test func parsesFromBufferBytesAndText() throws {
        let bytes = Array("{\"k\": [1, \"v\"]}".utf8)
        let fromBuffer = try bytes.withUnsafeBytes { try JSONParser.parse($0) }
        #expect(fromBuffer == (try JSONParser.parse(bytes)))
        #expect(fromBuffer == (try JSONParser.parse("{\"k\": [1, \"v\"]}")))
        #expect(fromBuffer["k"]?.arrayValue?.count == 2)
    }
}
