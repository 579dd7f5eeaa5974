/// Header fields in the order they were sent or given, looked up by name without regard to ASCII case.
struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field: its name as spelled and its value without surrounding whitespace.
    typealias Field = (name: String, value: String)

    /// The fields in order.
    private(set) var fields: [Field]

    /// Headers with the given fields, kept in order.
    init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Headers from a literal, kept in the literal's order.
    init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields.
    var count: Int { fields.count }

    /// The value of the first field named `name` (any case), or nil.
    subscript(name: String) -> String? {
        fields.first { Self.name($0.name, matches: name) }?.value
    }

    /// The values of every field named `name` (any case), in order.
    func values(named name: String) -> [String] {
        fields.compactMap { Self.name($0.name, matches: name) ? $0.value : nil }
    }

    /// Adds a field after the existing ones.
    mutating func append(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Iterates the fields in order.
    func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// True when a comma-separated field named `name` lists `token` (both compared without regard to case).
    func lists(_ token: String, in name: String) -> Bool {
        fields.contains { field in
            Self.name(field.name, matches: name)
                && field.value.utf8.split(separator: UInt8(ascii: ",")).contains { Self.name(Self.trimmed($0), matches: token) }
        }
    }

    /// True when two names are equal ignoring ASCII case.
    static func name(_ name: String, matches other: String) -> Bool {
        Self.name(name.utf8[...], matches: other)
    }

    private static func name(_ bytes: Substring.UTF8View, matches other: String) -> Bool {
        bytes.count == other.utf8.count && zip(bytes, other.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    /// The bytes without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: Substring.UTF8View) -> Substring.UTF8View {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return bytes[bytes.endIndex...]
        }
        return bytes[first...last]
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
