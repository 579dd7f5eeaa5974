/// Writes a `JSONDocument` value as `PrettyJSONEncoder` writes the same value parsed into a tree, copying numbers
/// and escape-free strings from the document's own bytes instead of building a value for each.
struct PrettyJSONDocumentEncoder {
    private let document: JSONDocument
    private let tape: UnsafeBufferPointer<JSONTapeRecord>
    private let bytes: UnsafeBufferPointer<UInt8>
    // Reused for every object's member order, one range per open object.
    private var order: [Int] = []

    private init(document: JSONDocument, tape: UnsafeBufferPointer<JSONTapeRecord>, bytes: UnsafeBufferPointer<UInt8>) {
        self.document = document
        self.tape = tape
        self.bytes = bytes
    }

    /// Appends `element` as `json.dumps(value, indent=2, sort_keys=True)` writes it at nesting `depth`, numbers as their
    /// source text.
    static func append(_ element: JSONElement, depth: Int = 0, to buffer: inout JSONByteBuffer) {
        let document = element.document
        document.bytes.withUnsafeBufferPointer { bytes in
            var encoder = PrettyJSONDocumentEncoder(document: document, tape: document.tape, bytes: bytes)
            encoder.append(element.index, depth: depth, to: &buffer)
        }
    }

    /// Appends the value at tape `index`; recursion follows the value's nesting, which the parser bounds.
    private mutating func append(_ index: Int, depth: Int, to buffer: inout JSONByteBuffer) {
        let record = tape[index]
        switch record.kind {
        case .null: buffer.append("null")
        case .false: buffer.append("false")
        case .true: buffer.append("true")
        case .number: buffer.append(source(record))
        case .string: buffer.appendQuoted(utf8: source(record), escapingNonASCII: true)
        case .escapedString: document.withStringBytes(at: index) { buffer.appendQuoted(utf8: $0, escapingNonASCII: true) }
        case .array:
            guard record.length > 0 else { return buffer.append("[]") }
            buffer.append(UInt8(ascii: "["))
            var position = index + 1
            for element in 0..<record.length {
                if element > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendNewline(indentedTo: depth + 1)
                append(position, depth: depth + 1, to: &buffer)
                position = tape[position].next(from: position)
            }
            buffer.appendNewline(indentedTo: depth)
            buffer.append(UInt8(ascii: "]"))
        case .object:
            guard record.length > 0 else { return buffer.append("{}") }
            buffer.append(UInt8(ascii: "{"))
            let first = order.count
            appendMemberOrder(of: index, count: record.length)
            for member in first..<order.count {
                if member > first { buffer.append(UInt8(ascii: ",")) }
                buffer.appendNewline(indentedTo: depth + 1)
                let name = order[member]
                append(name, depth: depth + 1, to: &buffer)
                buffer.append(": ")
                append(name + 1, depth: depth + 1, to: &buffer)
            }
            order.removeSubrange(first...)
            buffer.appendNewline(indentedTo: depth)
            buffer.append(UInt8(ascii: "}"))
        }
    }

    /// Appends to `order` the tape positions of the object's member names in code point order (UTF-8 byte order, as
    /// Python's `sorted` orders `str`), each name once with its last value, as Python's `dict` keeps it.
    private mutating func appendMemberOrder(of object: Int, count: Int) {
        let first = order.count
        var position = object + 1
        var sorted = true
        for _ in 0..<count {
            if sorted, order.count > first, !precedes(order[order.count - 1], position) { sorted = false }
            order.append(position)
            position = tape[position + 1].next(from: position + 1)
        }
        guard !sorted else { return }
        // Ties keep document order, so the last of a repeated name ends its run.
        let members = order[first...].sorted { precedes($0, $1) || (!precedes($1, $0) && $0 < $1) }
        order.removeSubrange(first...)
        for (rank, name) in members.enumerated() where rank + 1 == members.count || precedes(name, members[rank + 1]) {
            order.append(name)
        }
    }

    /// True when the name at tape position `lhs` sorts strictly before the one at `rhs`.
    private func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
        let left = tape[lhs]
        let right = tape[rhs]
        if left.kind == .string, right.kind == .string {
            return JSONMemberOrder.python.precedes(source(left), source(right))
        }
        return document.withStringBytes(at: lhs) { left in
            document.withStringBytes(at: rhs) { right in JSONMemberOrder.python.precedes(left, right) }
        }
    }

    /// The source bytes of a number, or of a string between its quotes.
    @inline(__always)
    private func source(_ record: JSONTapeRecord) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[record.start..<record.start + record.length])
    }
}
