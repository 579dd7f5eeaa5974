/// Builds a `JSONDocument`'s tape: one record per value, member names included, in document order.
struct JSONTapeBuilder: JSONTreeBuilder {
    private(set) var tape: [JSONTapeRecord] = []

    /// A builder with room for a document of `byteCount` bytes.
    init(byteCount: Int) {
        // Pretty-printed stores hold about one record per 21 bytes; reserving one per 16 avoids copying the tape as
        // it grows, and pages it never reaches are never touched.
        tape.reserveCapacity(max(16, byteCount / 16))
    }

    private mutating func append(_ kind: JSONTapeRecord.Kind, start: Int, length: Int) {
        tape.append(JSONTapeRecord(kind: kind, start: start, length: length))
    }

    mutating func null(at offset: Int) {
        append(.null, start: offset, length: 4)
    }

    mutating func bool(_ flag: Bool, at offset: Int) {
        append(flag ? .true : .false, start: offset, length: flag ? 4 : 5)
    }

    mutating func number(_ range: Range<Int>, scanner: borrowing JSONScanner) {
        append(.number, start: range.lowerBound, length: range.count)
    }

    mutating func string(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) {
        append(hasEscapes ? .escapedString : .string, start: range.lowerBound, length: range.count)
    }

    mutating func key(_ range: Range<Int>, hasEscapes: Bool, scanner: borrowing JSONScanner) {
        string(range, hasEscapes: hasEscapes, scanner: scanner)
    }

    mutating func beginArray(at offset: Int) -> Int {
        tape.append(JSONTapeRecord(container: .array))
        return tape.count - 1
    }

    mutating func appendElement(_ element: Void) {}

    mutating func endArray(_ mark: Int, count: Int) {
        close(mark, count: count)
    }

    mutating func beginObject(at offset: Int) -> Int {
        tape.append(JSONTapeRecord(container: .object))
        return tape.count - 1
    }

    mutating func appendMember(_ key: Void, _ value: Void, keyOffset: Int) {}

    mutating func endObject(_ mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) {
        close(mark, count: count)
    }

    private mutating func close(_ mark: Int, count: Int) {
        tape[mark].close(count: count, next: tape.count)
    }
}
