/// Writes the RFC 8785 canonical form of a value read in place from a `JSONDocument`, without building a `JSONValue`:
/// the same bytes as `JSONWriter.canonical(element.value)`, a repeated member name keeping its last value.
struct CanonicalJSONDocumentEncoder {
    /// One object member waiting to be sorted: where its decoded name is and where its value sits on the tape.
    private struct Member {
        /// Offset of the name's UTF-8 bytes, in the document's bytes or, for a name written with escapes, in `names`.
        let nameStart: Int
        /// How many bytes the name has.
        let nameLength: Int
        /// True when the name is in `names`, decoded from escapes.
        let nameIsDecoded: Bool
        /// The value's position on the tape.
        let valueIndex: Int
    }

    private let document: JSONDocument
    // Shared by every object being written, each using the slice past its parent's, so a document costs two buffers.
    private var members: [Member] = []
    private var names: [UInt8] = []

    private init(document: JSONDocument) {
        self.document = document
    }

    /// Appends the canonical form of `element`; fails as `JSONWriter.canonical` does for a number beyond a double.
    static func append(_ element: JSONElement, to buffer: inout JSONByteBuffer) throws(JSONCanonicalError) {
        var encoder = Self(document: element.document)
        try encoder.append(element, to: &buffer)
    }

    /// Recursion follows the value's nesting, which the parser bounds.
    private mutating func append(_ element: JSONElement, to buffer: inout JSONByteBuffer) throws(JSONCanonicalError) {
        let record = element.record
        switch record.kind {
        case .null: buffer.append("null")
        case .false: buffer.append("false")
        case .true: buffer.append("true")
        case .number: buffer.append(utf8: try ECMAScriptNumberFormatter.text(of: element.numberValue!))
        case .string:
            // Text with no escapes needs none in canonical form either: the parser refused control characters.
            buffer.append(UInt8(ascii: "\""))
            // Safe: the document's bytes are a [UInt8], so their memory is bound to UInt8 already.
            document.withBytes { bytes in
                buffer.append(UnsafeBufferPointer(rebasing: bytes.assumingMemoryBound(to: UInt8.self)[record.start..<record.start + record.length]))
            }
            buffer.append(UInt8(ascii: "\""))
        case .escapedString:
            document.withStringBytes(at: element.index) { buffer.appendQuoted(utf8: $0, escapingNonASCII: false) }
        case .array:
            buffer.append(UInt8(ascii: "["))
            for (position, child) in element.elements.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                try append(child, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object:
            try appendObject(element, to: &buffer)
        }
    }

    private mutating func appendObject(_ object: JSONElement, to buffer: inout JSONByteBuffer) throws(JSONCanonicalError) {
        let first = members.count
        let namesStart = names.count
        defer {
            members.removeSubrange(first...)
            names.removeSubrange(namesStart...)
        }
        for (name, value) in object.members {
            let record = name.record
            if record.kind == .string {
                members.append(Member(nameStart: record.start, nameLength: record.length, nameIsDecoded: false, valueIndex: value.index))
            } else {
                let start = names.count
                document.withStringBytes(at: name.index) { names.append(contentsOf: $0) }
                members.append(Member(nameStart: start, nameLength: names.count - start, nameIsDecoded: true, valueIndex: value.index))
            }
        }
        // Equal names sort by position, so the last of a repeated name is the one written, as `JSONObject` keeps it.
        document.withBytes { bytes in
            names.withUnsafeBytes { decoded in
                members[first...].sort { left, right in
                    let order = JSONMemberOrder.rfc8785.compare(Self.name(left, bytes, decoded), Self.name(right, bytes, decoded))
                    return order < 0 || (order == 0 && left.valueIndex < right.valueIndex)
                }
            }
        }
        buffer.append(UInt8(ascii: "{"))
        var written = 0
        for position in first..<members.count {
            let member = members[position]
            let next = position + 1 < members.count ? members[position + 1] : nil
            if let next, withNames({ JSONMemberOrder.rfc8785.compare(Self.name(member, $0, $1), Self.name(next, $0, $1)) == 0 }) { continue }
            if written > 0 { buffer.append(UInt8(ascii: ",")) }
            written += 1
            withNames { buffer.appendQuoted(utf8: Self.name(member, $0, $1), escapingNonASCII: false) }
            buffer.append(UInt8(ascii: ":"))
            try append(JSONElement(document: document, index: member.valueIndex), to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// Calls `body` with the document's bytes and the decoded names, between them holding every member's name.
    private func withNames<Result>(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Result) -> Result {
        document.withBytes { bytes in names.withUnsafeBytes { decoded in body(bytes, decoded) } }
    }

    /// The UTF-8 bytes of `member`'s name, from the document's bytes or the decoded names.
    @inline(__always)
    private static func name(_ member: Member, _ bytes: UnsafeRawBufferPointer, _ decoded: UnsafeRawBufferPointer) -> UnsafeBufferPointer<UInt8> {
        // Safe: both are [UInt8] storage (the document's bytes, the decoded names), bound to UInt8 already.
        let base = (member.nameIsDecoded ? decoded : bytes).baseAddress?.assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: base.map { $0 + member.nameStart }, count: member.nameLength)
    }
}
