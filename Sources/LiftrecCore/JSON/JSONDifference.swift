/// One structural difference between two JSON values, located by a JSON pointer.
struct JSONDifference: Sendable, Equatable, CustomStringConvertible {
    /// How the value at `pointer` differs.
    enum Kind: Sendable, Equatable {
        /// Same JSON type, different value (numbers compare by value, so `1.0` and `1` are not changed).
        case changed
        /// Present only in the new value.
        case added
        /// Present only in the old value.
        case removed
        /// The JSON type differs, such as a string that became a number.
        case typeChanged
    }

    /// Where the difference is.
    let pointer: JSONPointer
    /// How the values differ.
    let kind: Kind
    /// The old value; nil when `kind` is `.added`.
    let old: JSONValue?
    /// The new value; nil when `kind` is `.removed`.
    let new: JSONValue?

    /// The longest rendering of a value, in characters, before it is cut with `…`.
    static let maximumValueLength = 80

    /// One line for people, values compact-encoded and cut to 80 characters:
    /// `/signature/parameters/0/type_hint: "int" → "integer"`, `/constraints: added [...]`, `/x: removed 3`.
    var description: String {
        let location = pointer.tokens.isEmpty ? "(root)" : pointer.description
        switch kind {
        case .added: return "\(location): added \(Self.render(new))"
        case .removed: return "\(location): removed \(Self.render(old))"
        case .changed, .typeChanged: return "\(location): \(Self.render(old)) → \(Self.render(new))"
        }
    }

    private static func render(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        let text = String(decoding: JSONWriter.compact(value), as: UTF8.self)
        guard text.count > maximumValueLength else { return text }
        return text.prefix(maximumValueLength - 1) + "…"
    }
}
