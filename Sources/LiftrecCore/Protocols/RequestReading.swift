/// A request value as the protocols read it, parsed in place (`JSONElement`, as the replay server receives bodies) or
/// held as a tree (`JSONValue`, as cases and the simulator build them), so each rule about requests is written once.
public protocol RequestReading: Sendable {
    /// The elements of an array.
    associatedtype Elements: Sequence where Elements.Element == Self

    /// The value of member `key` when this is an object (the last one when the name repeats), else nil.
    subscript(key: String) -> Self? { get }
    /// The string, or nil for any other kind of value.
    var stringValue: String? { get }
    /// The boolean, or nil for any other kind of value.
    var boolValue: Bool? { get }
    /// The number with its source text, or nil for any other kind of value.
    var numberValue: JSONNumber? { get }
    /// The elements of an array in order; empty for any other kind of value.
    var arrayElements: Elements { get }
    /// The value as a tree, for comparing values.
    var tree: JSONValue { get }
    /// The RFC 8785 canonical form; fails for a number beyond the range of a double.
    func canonical() throws(JSONCanonicalError) -> [UInt8]
}

extension JSONValue: RequestReading {
    /// The array's elements, or none.
    public var arrayElements: [JSONValue] { arrayValue ?? [] }

    /// Itself.
    public var tree: JSONValue { self }

    /// `JSONWriter.canonical` of the value.
    public func canonical() throws(JSONCanonicalError) -> [UInt8] {
        try JSONWriter.canonical(self)
    }
}

extension JSONElement: RequestReading {
    /// The array's elements, or none.
    public var arrayElements: Children { elements }

    /// `value`, built on demand.
    public var tree: JSONValue { value }

    /// `JSONWriter.canonical` of the element, written without building a tree.
    public func canonical() throws(JSONCanonicalError) -> [UInt8] {
        try JSONWriter.canonical(self)
    }
}
