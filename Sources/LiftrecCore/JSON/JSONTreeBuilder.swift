/// What `JSONScanner` hands each validated value to, in document order, so one grammar builds every representation.
protocol JSONTreeBuilder {
    /// What a finished value is to the builder (a `JSONValue`, or nothing when values go straight into a tape).
    associatedtype Value
    /// What a finished member name is to the builder.
    associatedtype Key
    /// What the builder remembers about an open container.
    associatedtype Mark

    mutating func null(at offset: Int) -> Value
    mutating func bool(_ flag: Bool, at offset: Int) -> Value
    /// A number whose source text spans `range`.
    mutating func number(_ range: Range<Int>, scanner: borrowing JSONScanner) -> Value
    /// A string whose content (between the quotes) spans `range`; with escapes, the decoded bytes are in the scanner.
    mutating func string(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) -> Value
    /// A member name, read like a string.
    mutating func key(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) -> Key
    mutating func beginArray(at offset: Int) -> Mark
    mutating func appendElement(_ element: Value)
    mutating func endArray(_ mark: Mark, count: Int) -> Value
    mutating func beginObject(at offset: Int) -> Mark
    /// A member whose name's opening quote is at `keyOffset`.
    mutating func appendMember(_ key: Key, _ value: Value, keyOffset: Int)
    /// Finishes an object of `count` members; throws when the builder refuses it (a repeated name).
    mutating func endObject(_ mark: Mark, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) -> Value

    /// True when the builder wants to hear whether the blanks between tokens are not where Python's
    /// `json.dumps(indent=2)` puts them.
    static var checksLayout: Bool { get }
    /// Hears that the blanks somewhere are not Python's.
    mutating func layoutDiffers()
}

extension JSONTreeBuilder {
    static var checksLayout: Bool { false }

    mutating func layoutDiffers() {}
}
