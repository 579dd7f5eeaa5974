import Glibc

/// Builds a `JSONDocument`'s tape: one record per value, member names included, in document order.
///
/// The records live in memory the builder allocates itself and hands to the document, which frees it: reading a
/// record through a raw pointer costs no reference counting, and `realloc` grows or trims a large tape in place.
struct JSONTapeBuilder: JSONTreeBuilder {
    private var records: UnsafeMutablePointer<JSONTapeRecord>
    private var capacity: Int
    private(set) var count = 0
    /// True when a member name repeated within one object is an error at the repetition.
    let rejectsRepeatedNames: Bool
    /// True while the text is laid out exactly as Python's `json.dumps(indent=2, sort_keys=True)` lays it out:
    /// its blanks, and each object's names in strictly ascending code point order.
    private(set) var isPythonLayout = true

    static var checksLayout: Bool { true }

    mutating func layoutDiffers() {
        isPythonLayout = false
    }

    /// A builder with room for a document of `byteCount` bytes; call `finish()` or `discard()` exactly once.
    init(byteCount: Int, rejectsRepeatedNames: Bool = false) {
        self.rejectsRepeatedNames = rejectsRepeatedNames
        // Pretty-printed stores hold about one record per 21 bytes; reserving one per 16 seldom needs to grow, and
        // pages it never reaches are never touched.
        capacity = max(16, byteCount / 16)
        records = Self.resize(nil, to: capacity)
    }

    /// The finished tape, trimmed to its records; the caller owns it and frees it with `free`.
    consuming func finish() -> UnsafeBufferPointer<JSONTapeRecord> {
        UnsafeBufferPointer(start: Self.resize(records, to: max(1, count)), count: count)
    }

    /// Frees the records of a parse that failed.
    consuming func discard() {
        free(records)
    }

    private static func resize(_ records: UnsafeMutablePointer<JSONTapeRecord>?, to capacity: Int) -> UnsafeMutablePointer<JSONTapeRecord> {
        // Out of memory is the one failure left, and a trap is all Swift offers for it elsewhere too.
        guard let memory = realloc(records, capacity * MemoryLayout<JSONTapeRecord>.stride) else { fatalError("out of memory for a JSON tape") }
        return memory.bindMemory(to: JSONTapeRecord.self, capacity: capacity)
    }

    private mutating func push(_ record: JSONTapeRecord) {
        if count == capacity {
            capacity *= 2
            records = Self.resize(records, to: capacity)
        }
        records[count] = record
        count += 1
    }

    private mutating func append(_ kind: JSONTapeRecord.Kind, start: Int, length: Int) {
        push(JSONTapeRecord(kind: kind, start: start, length: length))
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
        push(JSONTapeRecord(container: .array))
        return count - 1
    }

    mutating func appendElement(_ element: Void) {}

    mutating func endArray(_ mark: Int, count: Int) {
        close(mark, count: count)
    }

    mutating func beginObject(at offset: Int) -> Int {
        push(JSONTapeRecord(container: .object))
        return count - 1
    }

    mutating func appendMember(_ key: Void, _ value: Void, keyOffset: Int) {}

    mutating func endObject(_ mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) {
        close(mark, count: count)
        if rejectsRepeatedNames, count > 1 { try refuseRepeatedName(in: mark, count: count, scanner: scanner) }
        if isPythonLayout, count > 1, !namesAscend(in: mark, count: count, scanner: scanner) { isPythonLayout = false }
    }

    /// True when each member name of the object at `mark` sorts strictly after the one before it.
    private func namesAscend(in mark: Int, count: Int, scanner: borrowing JSONScanner) -> Bool {
        var previous = mark + 1
        for _ in 1..<count {
            let name = records[previous + 1].next(from: previous + 1)
            // Safe: both names lie in [UInt8] storage (the document's bytes or a decoded copy), bound to UInt8.
            let ascends = withName(previous, scanner: scanner) { left in
                withName(name, scanner: scanner) { right in
                    JSONMemberOrder.python.precedes(left.assumingMemoryBound(to: UInt8.self), right.assumingMemoryBound(to: UInt8.self))
                }
            }
            if !ascends { return false }
            previous = name
        }
        return true
    }

    /// Calls `body` with the decoded bytes of the member name at tape `index`.
    private func withName<Result>(_ index: Int, scanner: borrowing JSONScanner, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let record = records[index]
        guard record.kind == .escapedString else {
            return body(UnsafeRawBufferPointer(start: scanner.base + record.start, count: record.length))
        }
        var decoder = JSONScanner(base: scanner.base, count: scanner.count, offset: record.start - 1)
        _ = try? decoder.scanString()
        return decoder.unescaped.withUnsafeBytes(body)
    }

    /// Throws at the first member name of the object at `mark` that repeats an earlier one, as Python would overwrite it.
    private func refuseRepeatedName(in mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) {
        // Most objects have a handful of members: comparing each name with the ones before it allocates nothing.
        guard count <= 16 else { return try refuseRepeatedNameHashing(in: mark, count: count, scanner: scanner) }
        var repeated: Int?
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { earlier in
            var name = mark + 1
            for position in 0..<count {
                for before in 0..<position where sameName(earlier[before], name, scanner: scanner) {
                    repeated = name
                    return
                }
                earlier[position] = name
                name = records[name + 1].next(from: name + 1)
            }
        }
        if let repeated {
            let text = withName(repeated, scanner: scanner) { String(decoding: $0, as: UTF8.self) }
            throw scanner.failure("member name \(quoted(text)) appears twice in this object; keep one", at: records[repeated].start - 1)
        }
    }

    // True when the member names at tape indices `left` and `right` decode to the same bytes.
    private func sameName(_ left: Int, _ right: Int, scanner: borrowing JSONScanner) -> Bool {
        let (a, b) = (records[left], records[right])
        if a.kind != .escapedString, b.kind != .escapedString {
            return a.length == b.length && memcmp(scanner.base + a.start, scanner.base + b.start, a.length) == 0
        }
        return withName(left, scanner: scanner) { first in withName(right, scanner: scanner) { first.elementsEqual($0) } }
    }

    private func refuseRepeatedNameHashing(in mark: Int, count: Int, scanner: borrowing JSONScanner) throws(JSONParseError) {
        var seen: Set<[UInt8]> = []
        var name = mark + 1
        for _ in 0..<count {
            let record = records[name]
            let bytes = withName(name, scanner: scanner) { Array($0) }
            guard seen.insert(bytes).inserted else {
                throw scanner.failure("member name \(quoted(String(decoding: bytes, as: UTF8.self))) appears twice in this object; keep one", at: record.start - 1)
            }
            name = records[name + 1].next(from: name + 1)
        }
    }

    private mutating func close(_ mark: Int, count: Int) {
        records[mark].close(count: count, next: self.count)
    }
}
