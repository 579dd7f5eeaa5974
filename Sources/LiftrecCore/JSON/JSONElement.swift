import Glibc

/// One value inside a `JSONDocument`, read in place: nothing is decoded or copied until a property asks for it.
struct JSONElement: Sendable, JSONNode {
    /// The document the value belongs to.
    let document: JSONDocument
    /// The value's position on the document's tape.
    let index: Int

    init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    var record: JSONTapeRecord { document.tape[index] }

    /// The JSON type name, as `JSONValue.typeName` gives it.
    var typeName: String {
        switch record.kind {
        case .null: return "null"
        case .false, .true: return "boolean"
        case .number: return "number"
        case .string, .escapedString: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// True for `null`.
    var isNull: Bool { record.kind == .null }

    /// The kind of value.
    var kind: JSONNodeKind {
        switch record.kind {
        case .null: return .null
        case .false, .true: return .boolean
        case .number: return .number
        case .string, .escapedString: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// True for an object.
    var isObject: Bool { record.kind == .object }

    /// The boolean, or nil for any other kind of value.
    var boolValue: Bool? {
        switch record.kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    /// The number with its source text, or nil for any other kind of value.
    var numberValue: JSONNumber? {
        let record = record
        guard record.kind == .number else { return nil }
        return JSONNumber(text: document.withBytes { bytes in
            String(decoding: bytes[record.start..<record.start + record.length], as: UTF8.self)
        })
    }

    /// The decoded string, or nil for any other kind of value.
    var stringValue: String? {
        let kind = record.kind
        guard kind == .string || kind == .escapedString else { return nil }
        return document.withStringBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Elements of an array or members of an object (repeated names counted each time), else 0.
    var count: Int {
        let record = record
        return record.kind == .array || record.kind == .object ? record.length : 0
    }

    /// The elements of an array in order; empty for any other kind of value.
    var elements: Children {
        Children(document: document, first: index + 1, count: record.kind == .array ? record.length : 0, valueOffset: 0)
    }

    /// The members of an object in document order, a repeated name each time it appears; empty for any other value.
    var members: LazyMapSequence<Children, (name: JSONElement, value: JSONElement)> {
        Children(document: document, first: index + 1, count: record.kind == .object ? record.length : 0, valueOffset: 1)
            .lazy.map { name in (name, JSONElement(document: name.document, index: name.index + 1)) }
    }

    /// The value of member `key` when this is an object (the last one when the name repeats, as in Python), else nil;
    /// names are compared as UTF-8 bytes, and only a name written with escapes is decoded to compare it.
    subscript(key: String) -> JSONElement? {
        guard record.kind == .object else { return nil }
        // Safe: the tape lives as long as its document, which this element holds for the whole call.
        let tape = document.tape
        return JSONByteBuffer.withUTF8(of: key) { wanted in
            document.withBytes { bytes in
                var found: Int?
                var position = index + 1
                for _ in 0..<count {
                    let name = tape[position]
                    let matches: Bool
                    if name.kind == .string {
                        matches = name.length == wanted.count
                            && wanted.elementsEqual(bytes[name.start..<name.start + name.length])
                    } else {
                        matches = document.withStringBytes(at: position) { $0.elementsEqual(wanted) }
                    }
                    if matches { found = position + 1 }
                    position = tape[position + 1].next(from: position + 1)
                }
                return found.map { JSONElement(document: document, index: $0) }
            }
        }
    }

    /// The array's elements (`elements`).
    var items: Children { elements }

    /// How many elements an array has, else 0.
    var itemCount: Int { record.kind == .array ? record.length : 0 }

    /// `JSONWriter.canonical` of the element, written without building a tree.
    func canonical() throws(JSONCanonicalError) -> [UInt8] {
        try JSONWriter.canonical(self)
    }

    /// Each member name once with its last value, in the order names first appear, as Python's `dict` keeps them.
    var distinctMembers: DistinctMembers {
        guard hasRepeatedNames else { return DistinctMembers(document: document, first: index + 1, count: count, resolved: nil) }
        var positions: [[UInt8]: Int] = [:]
        var resolved: [(String, JSONElement)] = []
        for (name, value) in members {
            let bytes = document.withStringBytes(at: name.index) { Array($0) }
            if let position = positions[bytes] {
                resolved[position].1 = value
            } else {
                positions[bytes] = resolved.count
                resolved.append((String(decoding: bytes, as: UTF8.self), value))
            }
        }
        return DistinctMembers(document: document, first: index + 1, count: 0, resolved: resolved)
    }

    /// How many distinct member names an object has, else 0.
    var distinctMemberCount: Int {
        guard hasRepeatedNames else { return count }
        var names: Set<[UInt8]> = []
        for (name, _) in members { names.insert(document.withStringBytes(at: name.index) { Array($0) }) }
        return names.count
    }

    /// True for an object in which some member name appears more than once.
    var hasRepeatedNames: Bool {
        let count = count
        // Python's layout has every object's names in strictly ascending order, so none repeats.
        guard record.kind == .object, count > 1, !document.isPythonLayout else { return false }
        // Objects in stores are small, where comparing pairs is cheaper than hashing.
        if count <= 16 {
            // Safe: the tape lives as long as its document, which this element holds for the whole call.
            let tape = document.tape
            var later = index + 1
            for _ in 1..<count {
                later = tape[later + 1].next(from: later + 1)
                var earlier = index + 1
                while earlier != later {
                    if sameName(earlier, later) { return true }
                    earlier = tape[earlier + 1].next(from: earlier + 1)
                }
            }
            return false
        }
        var seen: Set<[UInt8]> = []
        for (name, _) in members where !seen.insert(document.withStringBytes(at: name.index) { Array($0) }).inserted { return true }
        return false
    }

    private func sameName(_ lhs: Int, _ rhs: Int) -> Bool {
        // Safe: the tape lives as long as its document, which this element holds for the whole call.
        let tape = document.tape
        if tape[lhs].kind == .string, tape[rhs].kind == .string {
            guard tape[lhs].length == tape[rhs].length else { return false }
            return document.withBytes { bytes in
                memcmp(bytes.baseAddress! + tape[lhs].start, bytes.baseAddress! + tape[rhs].start, tape[lhs].length) == 0
            }
        }
        return document.withStringBytes(at: lhs) { left in
            document.withStringBytes(at: rhs) { right in left.count == right.count && left.elementsEqual(right) }
        }
    }

    /// The value as a `JSONValue` tree, equal to what `JSONParser` gives for the same bytes.
    var value: JSONValue {
        switch record.kind {
        case .null: return .null
        case .false: return .bool(false)
        case .true: return .bool(true)
        case .number: return .number(numberValue!)
        case .string, .escapedString: return .string(stringValue!)
        case .array: return .array(elements.map(\.value))
        case .object:
            guard count > 0 else { return .object(JSONObject()) }
            return .object(JSONObject(keys: members.map { $0.name.stringValue! }, values: members.map { $0.value.value }))
        }
    }

    /// An object's members with each name once: walked on the tape when no name repeats, else resolved up front.
    struct DistinctMembers: Sequence {
        let document: JSONDocument
        // The first member name's tape index and how many members to walk there, when no name repeats.
        let first: Int
        let count: Int
        let resolved: [(String, JSONElement)]?

        /// Starts at the first member.
        func makeIterator() -> Iterator {
            Iterator(document: document, position: first, remaining: count, resolved: resolved?.makeIterator())
        }

        /// Yields each member's name and value.
        struct Iterator: IteratorProtocol {
            let document: JSONDocument
            var position: Int
            var remaining: Int
            var resolved: IndexingIterator<[(String, JSONElement)]>?

            /// The next member's name and value.
            mutating func next() -> (String, JSONElement)? {
                if resolved != nil { return resolved!.next() }
                guard remaining > 0 else { return nil }
                remaining -= 1
                let name = position
                position = document.tape[name + 1].next(from: name + 1)
                return (document.withStringBytes(at: name) { String(decoding: $0, as: UTF8.self) }, JSONElement(document: document, index: name + 1))
            }
        }
    }

    /// An array's elements, or an object's member names, walked along the tape without copying them out.
    struct Children: Sequence, Sendable {
        let document: JSONDocument
        let first: Int
        /// How many children there are, a repeated member name each time it appears.
        let count: Int
        // 1 for member names, whose successor is found past their value; 0 for elements.
        let valueOffset: Int

        func makeIterator() -> Iterator {
            Iterator(children: self, position: first, remaining: count)
        }

        var underestimatedCount: Int { count }

        /// Steps from one child to the next by the tape's `next` index.
        struct Iterator: IteratorProtocol {
            let children: Children
            var position: Int
            var remaining: Int

            mutating func next() -> JSONElement? {
                guard remaining > 0 else { return nil }
                remaining -= 1
                defer { position = children.document.tape[position + children.valueOffset].next(from: position + children.valueOffset) }
                return JSONElement(document: children.document, index: position)
            }
        }
    }
}
