/// Builds a `JSONDocument`'s tape: one record per value, member names included, in document order.
struct JSONTapeBuilder: JSONTreeBuilder {
    private(set) var tape: [JSONTapeRecord] = []
    /// True when a member name repeated within one object is an error at the repetition.
    let rejectsRepeatedNames: Bool

    /// A builder with room for a document of `byteCount` bytes.
    init(byteCount: Int, rejectsRepeatedNames: Bool = false) {
        self.rejectsRepeatedNames = rejectsRepeatedNames
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
        if rejectsRepeatedNames, count > 1 { try refuseRepeatedName(in: mark, count: count, scanner: scanner) }
    }

    /// Throws at the first member name of the object at `mark` that repeats an earlier one, as Python would overwrite it.
    private func refuseRepeatedName(in mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) {
        var seen: Set<[UInt8]> = []
        var name = mark + 1
        for _ in 0..<count {
            let record = tape[name]
            var bytes = Array(UnsafeRawBufferPointer(start: scanner.base + record.start, count: record.length))
            if record.kind == .escapedString {
                var decoder = JSONScanner(base: scanner.base, count: scanner.count, offset: record.start - 1)
                _ = try? decoder.scanString()
                bytes = decoder.unescaped
            }
            guard seen.insert(bytes).inserted else {
                throw scanner.failure("member name \(quoted(String(decoding: bytes, as: UTF8.self))) appears twice in this object; keep one", at: record.start - 1)
            }
            name = tape[name + 1].next(from: name + 1)
        }
    }

    private mutating func close(_ mark: Int, count: Int) {
        tape[mark].close(count: count, next: tape.count)
    }
}
