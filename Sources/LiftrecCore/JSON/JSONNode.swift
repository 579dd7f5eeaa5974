/// A JSON value read through one interface, whether it is a `JSONValue` tree or a `JSONElement` of a document, so
/// schema validation and each protocol's request rules have one implementation for values built in memory and
/// values read in place (a store's fixtures, a request body as the replay server receives it).
protocol JSONNode: Sendable {
    /// An array's elements in order.
    associatedtype Items: Sequence where Items.Element == Self
    /// An object's members, each name once with its last value, in the order the names first appear.
    associatedtype Members: Sequence where Members.Element == (String, Self)

    /// The kind of value, with `true` and `false` both `boolean`.
    var kind: JSONNodeKind { get }
    /// The boolean, or nil for any other kind of value.
    var boolValue: Bool? { get }
    /// The number with its source text, or nil for any other kind of value.
    var numberValue: JSONNumber? { get }
    /// The decoded string, or nil for any other kind of value.
    var stringValue: String? { get }
    /// An array's elements; empty for any other kind of value.
    var items: Items { get }
    /// How many elements an array has, else 0.
    var itemCount: Int { get }
    /// An object's distinct members (see `Members`); empty for any other kind of value.
    var distinctMembers: Members { get }
    /// How many distinct member names an object has, else 0.
    var distinctMemberCount: Int { get }
    /// The value of member `key` of an object (its last value when the name repeats), else nil.
    subscript(key: String) -> Self? { get }
    /// The value as a tree, for comparisons and messages.
    var value: JSONValue { get }
    /// The RFC 8785 canonical form; fails for a number beyond the range of a double.
    func canonical() throws(JSONCanonicalError) -> [UInt8]
}

/// The six JSON kinds of value as a `JSONNode` reports them.
enum JSONNodeKind: Sendable {
    case null, boolean, number, string, array, object
}

extension JSONValue: JSONNode {
    /// The kind of value.
    var kind: JSONNodeKind {
        switch self {
        case .null: return .null
        case .bool: return .boolean
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// The array's elements, or none.
    var items: [JSONValue] { arrayValue ?? [] }

    /// How many elements the array has, else 0.
    var itemCount: Int { arrayValue?.count ?? 0 }

    /// The object's members, or none.
    var distinctMembers: Zip2Sequence<[String], [JSONValue]> { (objectValue ?? JSONObject()).members }

    /// How many members the object has, else 0.
    var distinctMemberCount: Int { objectValue?.count ?? 0 }

    var value: JSONValue { self }

    /// `JSONWriter.canonical` of the value.
    func canonical() throws(JSONCanonicalError) -> [UInt8] {
        try JSONWriter.canonical(self)
    }
}
