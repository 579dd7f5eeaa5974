/// A strict RFC 8259 parser that keeps number text exactly and reports errors by line and column.
struct JSONParser: JSONTreeBuilder {
    /// The deepest nesting of arrays and objects accepted; deeper input is an error rather than a stack overflow.
    static let maximumDepth = JSONScanner.maximumDepth

    // Finished elements and members of every open container, so each container is built once at its exact size.
    private var pendingValues: [JSONValue] = []
    private var pendingKeys: [String] = []

    private init() {
        pendingValues.reserveCapacity(64)
        pendingKeys.reserveCapacity(64)
    }

    /// Parses one complete JSON document from UTF-8 bytes; a repeated member name keeps its last value, as in Python
    /// (`JSONDocument` can refuse them instead).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser()
        return try JSONScanner.scan(bytes, into: &parser)
    }

    /// Parses one complete JSON document from UTF-8 bytes (see `parse(_:)`).
    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer) }
        }.get()
    }

    /// Parses one complete JSON document from text.
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in parsed(UnsafeRawBufferPointer(buffer)) }.get()
    }

    // The standard library's closure-taking buffer accessors rethrow untyped errors, so results cross them as values.
    private static func parsed(_ bytes: UnsafeRawBufferPointer) -> Result<JSONValue, JSONParseError> {
        Result { () throws(JSONParseError) -> JSONValue in try parse(bytes) }
    }

    // MARK: - Building values

    mutating func null(at offset: Int) -> JSONValue { .null }

    mutating func bool(_ flag: Bool, at offset: Int) -> JSONValue { .bool(flag) }

    mutating func number(_ range: Range<Int>, scanner: borrowing JSONScanner) -> JSONValue {
        .number(JSONNumber(text: scanner.text(range)))
    }

    mutating func string(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) -> JSONValue {
        .string(scanner.string(range, hasEscapes: hasEscapes))
    }

    mutating func key(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) -> String {
        scanner.string(range, hasEscapes: hasEscapes)
    }

    mutating func beginArray(at offset: Int) -> Int { pendingValues.count }

    mutating func appendElement(_ element: JSONValue) {
        pendingValues.append(element)
    }

    mutating func endArray(_ mark: Int, count: Int) -> JSONValue {
        guard count > 0 else { return .array([]) }
        let array = Self.copy(pendingValues[mark...])
        pendingValues.removeSubrange(mark...)
        return .array(array)
    }

    mutating func beginObject(at offset: Int) -> Int { pendingKeys.count }

    mutating func appendMember(_ key: String, _ value: JSONValue, keyOffset: Int) {
        pendingKeys.append(key)
        pendingValues.append(value)
    }

    mutating func endObject(_ mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) -> JSONValue {
        guard count > 0 else { return .object(JSONObject()) }
        let firstValue = pendingValues.count - count
        let object = JSONObject(keys: Self.copy(pendingKeys[mark...]), values: Self.copy(pendingValues[firstValue...]))
        pendingKeys.removeSubrange(mark...)
        pendingValues.removeSubrange(firstValue...)
        return .object(object)
    }

    // `Array(slice)` of a slice spanning the whole array shares its buffer, and with it the capacity reserved for every
    // pending value; the copy is sized exactly and leaves the pending array uniquely held for the removal that follows.
    private static func copy<Element>(_ slice: ArraySlice<Element>) -> [Element] {
        [Element](unsafeUninitializedCapacity: slice.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: slice)
        }
    }
}
