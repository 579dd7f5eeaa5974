/// One compiled schema: its keywords parsed, its subschemas replaced by indices into the node table.
struct SchemaNode: Sendable {
    /// True for the `false` schema.
    var rejectsAll = false
    var types: SchemaTypes?
    var enumValues: [JSONValue]?
    var constValue: JSONValue?
    var ref: Int?
    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var not: Int?
    var condition: Condition?
    var object: KeywordBox<ObjectKeywords>?
    var array: KeywordBox<ArrayKeywords>?
    var string: KeywordBox<StringKeywords>?
    var number: KeywordBox<NumberKeywords>?

    /// True when `$ref`, `allOf`, `anyOf`, `oneOf`, `not` or `if` apply here.
    var hasApplicators: Bool {
        ref != nil || !allOf.isEmpty || !anyOf.isEmpty || !oneOf.isEmpty || not != nil || condition != nil
    }

    /// `if` with its optional `then` and `else`.
    struct Condition: Sendable {
        var test: Int
        var then: Int?
        var otherwise: Int?
    }

    /// Keywords that apply to objects.
    struct ObjectKeywords: Sendable {
        var propertyNames: [String] = []
        var propertySchemas: [Int] = []
        var patternProperties: [(pattern: RegexPattern, schema: Int)] = []
        var additionalProperties: Int?
        var nameSchema: Int?
        var required: [String] = []
        var minProperties: Int?
        var maxProperties: Int?
        var dependentRequired: [(property: String, requires: [String])] = []

        /// The `properties` schema for member `key`, if any.
        func propertySchema(_ key: String) -> Int? {
            guard let position = propertyNames.firstIndex(of: key) else { return nil }
            return propertySchemas[position]
        }
    }

    /// Keywords that apply to arrays.
    struct ArrayKeywords: Sendable {
        /// Schemas for the leading positions (`prefixItems`, or `items` in its draft-07 array form).
        var prefix: [Int] = []
        /// The schema for the remaining positions, and the keyword it came from, for messages.
        var rest: (schema: Int, keyword: String)?
        var contains: Int?
        var minItems: Int?
        var maxItems: Int?
        var uniqueItems = false
    }

    /// Keywords that apply to strings.
    struct StringKeywords: Sendable {
        var minLength: Int?
        var maxLength: Int?
        var pattern: RegexPattern?
    }

    /// Keywords that apply to numbers.
    struct NumberKeywords: Sendable {
        var bounds: [Bound] = []
        var multipleOf: JSONNumber?

        /// One of `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`.
        struct Bound: Sendable {
            var limit: JSONNumber
            var decimal: JSONNumber.Decimal
            var isLower: Bool
            var isExclusive: Bool
        }
    }
}

/// The set of JSON types a `type` keyword allows.
struct SchemaTypes: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = SchemaTypes(rawValue: 1 << 0)
    static let boolean = SchemaTypes(rawValue: 1 << 1)
    static let object = SchemaTypes(rawValue: 1 << 2)
    static let array = SchemaTypes(rawValue: 1 << 3)
    static let number = SchemaTypes(rawValue: 1 << 4)
    static let string = SchemaTypes(rawValue: 1 << 5)
    static let integer = SchemaTypes(rawValue: 1 << 6)

    /// Every type with its JSON Schema name, in the order messages list them.
    static let named: [(name: String, type: SchemaTypes)] = [
        ("object", .object), ("array", .array), ("string", .string), ("number", .number),
        ("integer", .integer), ("boolean", .boolean), ("null", .null),
    ]

    /// True when `value` is of one of these types (`integer` admits `1.0`).
    func admits<Node: JSONNode>(_ value: Node) -> Bool {
        switch value.kind {
        case .null: return contains(.null)
        case .boolean: return contains(.boolean)
        case .object: return contains(.object)
        case .array: return contains(.array)
        case .string: return contains(.string)
        case .number: return contains(.number) || (contains(.integer) && value.numberValue!.isIntegral)
        }
    }

    /// The names joined for a message, such as `string or null`.
    var names: String {
        let names = Self.named.filter { contains($0.type) }.map(\.name)
        guard let last = names.last else { return "nothing (type is [])" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }
}
