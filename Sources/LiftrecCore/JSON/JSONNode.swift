/// A JSON value read through one interface, whether it is a `JSONValue` tree or a `JSONElement` of a document, so
/// schema validation has one implementation for values built in memory and values read from a store.
protocol JSONNode: Sendable {
    /// An array's elements in order.
    associatedtype Items: Sequence where Items.Element == Self
    /// An object's members, each name once with its last value, in the order the names first appear.
    associatedtype Members: Sequence where Members.Element == (String, Self)

    /// The kind of value, with `true` and `false` both `boolean`.
    var kind: JSONNodeKind { get }
    /// The number, or nil for any other kind of value.
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
}

/// The six JSON kinds of value as a `JSONNode` reports them.
enum JSONNodeKind: Sendable {
    case null, boolean, number, string, array, object
}

extension JSONValue: JSONNode {
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

    var items: [JSONValue] { arrayValue ?? [] }

    var itemCount: Int { arrayValue?.count ?? 0 }

    var distinctMembers: Zip2Sequence<[String], [JSONValue]> { (objectValue ?? JSONObject()).members }

    var distinctMemberCount: Int { objectValue?.count ?? 0 }

    var value: JSONValue { self }
}
