/// A parsed JSON value that keeps every number as the text it was read from.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key` when this is an object, else nil.
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The object payload, or nil for any other kind of value.
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The array payload, or nil for any other kind of value.
    var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// The string payload, or nil for any other kind of value.
    var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number payload, or nil for any other kind of value.
    var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The boolean payload, or nil for any other kind of value.
    var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// True for `null`.
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name used in messages and by JSON Schema (`integer` is reported as `number`).
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
