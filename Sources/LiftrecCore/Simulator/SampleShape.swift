/// What the schemas applying to one instance value ask of it, merged so one value can satisfy them all.
///
/// Collecting follows `$ref`, `allOf`, one chosen branch of each `anyOf`/`oneOf` and one side of each
/// `if`; those choices are random, so a value that fails a check is rebuilt from a fresh collection.
struct SampleShape {
    /// A schema and where it sits in the document, so its subschemas and `$ref`s can be found.
    struct Location {
        /// Where the schema is in the document.
        let pointer: JSONPointer
        /// The schema itself: an object or a boolean.
        let schema: JSONValue

        /// The subschema under `tokens`, if present.
        func child(_ tokens: String...) -> Location? {
            var pointer = pointer
            var schema = schema
            for token in tokens {
                guard let next = schema[token] ?? Self.element(schema, token) else { return nil }
                pointer = pointer.appending(token)
                schema = next
            }
            return Location(pointer: pointer, schema: schema)
        }

        private static func element(_ schema: JSONValue, _ token: String) -> JSONValue? {
            guard let array = schema.arrayValue, let index = Int(token), array.indices.contains(index) else { return nil }
            return array[index]
        }
    }

    /// A lower or upper numeric bound.
    struct Bound {
        /// The bounding value.
        let limit: JSONNumber
        /// True when the limit itself is outside the range.
        let isExclusive: Bool

        /// True when `value` lies on the allowed side of this bound, as a lower (`isLower`) or upper bound.
        func admits(_ value: JSONNumber.Decimal, isLower: Bool) -> Bool {
            let limit = limit.decimal
            if isLower { return isExclusive ? limit < value : !(value < limit) }
            return isExclusive ? value < limit : !(limit < value)
        }
    }

    /// The most `$ref`, `allOf`, branch and condition expansions one collection follows.
    static let maxExpansions = 64

    /// Every schema object that applies directly, for the keywords read per schema (members, items).
    private(set) var sources: [Location] = []
    /// True when a chosen branch, condition or `not` means the built value must be checked by validation.
    private(set) var needsCheck = false
    /// True when the schemas cannot all hold (`false`, conflicting `const`, an emptied `enum`).
    private(set) var unsatisfiable = false
    /// The types every `type` keyword allows, or nil when none says.
    private(set) var types: SchemaTypes?
    /// Types that keywords suggest (`properties` suggests object) when `type` is absent.
    private(set) var suggestedTypes: SchemaTypes = []
    /// Types a `not` rules out, avoided when another type is allowed.
    private(set) var excludedTypes: SchemaTypes = []
    /// The value a `const` demands.
    private(set) var constValue: JSONValue?
    /// The values every `enum` allows.
    private(set) var enumValues: [JSONValue]?
    /// Values a `not` rules out.
    private(set) var excludedValues: [JSONValue] = []
    /// `default` and `examples` values, used when they validate.
    private(set) var examples: [JSONValue] = []
    /// The largest `minLength`.
    private(set) var minLength = 0
    /// The smallest `maxLength`.
    private(set) var maxLength: Int?
    /// Every `pattern`, as written.
    private(set) var patterns: [String] = []
    /// The tightest lower bound from `minimum` and `exclusiveMinimum`.
    private(set) var lower: Bound?
    /// The tightest upper bound from `maximum` and `exclusiveMaximum`.
    private(set) var upper: Bound?
    /// Every `multipleOf` divisor.
    private(set) var multiples: [JSONNumber] = []
    /// Every `required` name, in first-seen order.
    private(set) var required: [String] = []
    /// Property names a `not: {required: […]}` rules out, left out unless required.
    private(set) var forbidden: [String] = []
    /// The largest `minProperties`.
    private(set) var minProperties = 0
    /// The smallest `maxProperties`.
    private(set) var maxProperties: Int?
    /// The largest `minItems`.
    private(set) var minItems = 0
    /// The smallest `maxItems`.
    private(set) var maxItems: Int?
    /// True when any schema sets `uniqueItems`.
    private(set) var uniqueItems = false

    private var expansions = 0

    /// The merged demands of `locations` in `document`, with random choices drawn from `random`.
    init(collecting locations: [Location], document: JSONValue, _ random: inout SplitMix64) {
        for location in locations {
            collect(location, document, &random)
        }
    }

    private mutating func collect(_ location: Location, _ document: JSONValue, _ random: inout SplitMix64) {
        guard expansions < Self.maxExpansions else { return }
        expansions += 1
        guard let schema = location.schema.objectValue else {
            if location.schema.boolValue == false { unsatisfiable = true }
            return
        }
        sources.append(location)
        readAssertions(schema)
        readNot(location.child("not"))
        if let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#"), let pointer = JSONPointer(parsing: ref),
           let target = pointer.resolve(in: document) {
            collect(Location(pointer: pointer, schema: target), document, &random)
        }
        for index in (schema["allOf"]?.arrayValue ?? []).indices {
            if let branch = location.child("allOf", String(index)) { collect(branch, document, &random) }
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let count = schema[keyword]?.arrayValue?.count, count > 0 else { continue }
            needsCheck = true
            if let branch = location.child(keyword, String(random.int(in: 0...(count - 1)))) {
                collect(branch, document, &random)
            }
        }
        if let test = location.child("if") {
            needsCheck = true
            if random.chance(50) {
                collect(test, document, &random)
                if let then = location.child("then") { collect(then, document, &random) }
            } else if let otherwise = location.child("else") {
                collect(otherwise, document, &random)
            }
        }
    }

    private mutating func readAssertions(_ schema: JSONObject) {
        if let declared = Self.types(schema["type"]) {
            types = types.map { Self.intersect($0, declared) } ?? declared
        }
        if let constant = schema["const"] {
            if let constValue, constValue != constant { unsatisfiable = true }
            constValue = constant
        }
        if let options = schema["enum"]?.arrayValue {
            enumValues = enumValues.map { current in current.filter { options.contains($0) } } ?? options
            if enumValues?.isEmpty == true { unsatisfiable = true }
        }
        if let value = schema["default"] { examples.append(value) }
        examples += schema["examples"]?.arrayValue ?? []
        func count(_ keyword: String) -> Int? {
            schema[keyword]?.numberValue?.intValue.map { max($0, 0) }
        }
        minLength = max(minLength, count("minLength") ?? 0)
        maxLength = Self.smaller(maxLength, count("maxLength"))
        if let pattern = schema["pattern"]?.stringValue { patterns.append(pattern) }
        minProperties = max(minProperties, count("minProperties") ?? 0)
        maxProperties = Self.smaller(maxProperties, count("maxProperties"))
        minItems = max(minItems, count("minItems") ?? 0)
        maxItems = Self.smaller(maxItems, count("maxItems"))
        uniqueItems = uniqueItems || schema["uniqueItems"]?.boolValue == true
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where !required.contains(name) {
            required.append(name)
        }
        readBounds(schema)
        if let divisor = schema["multipleOf"]?.numberValue, divisor.doubleValue > 0 { multiples.append(divisor) }
        suggestedTypes.formUnion(Self.suggestedTypes(schema))
    }

    private mutating func readBounds(_ schema: JSONObject) {
        for (keyword, exclusiveKeyword, isLower) in [("minimum", "exclusiveMinimum", true), ("maximum", "exclusiveMaximum", false)] {
            var candidates: [Bound] = []
            let draft4Exclusive = schema[exclusiveKeyword]?.boolValue ?? false
            if let limit = schema[keyword]?.numberValue { candidates.append(Bound(limit: limit, isExclusive: draft4Exclusive)) }
            if let limit = schema[exclusiveKeyword]?.numberValue { candidates.append(Bound(limit: limit, isExclusive: true)) }
            for candidate in candidates {
                // A bound that rules out the current limit is the tighter one (this covers exclusive at the same limit).
                if let current = isLower ? lower : upper, candidate.admits(current.limit.decimal, isLower: isLower) {
                    continue
                }
                if isLower { lower = candidate } else { upper = candidate }
            }
        }
    }

    // A `not` is honoured where it is cheap to: ruled-out types, values and property names are avoided.
    private mutating func readNot(_ location: Location?) {
        guard let location else { return }
        needsCheck = true
        guard let schema = location.schema.objectValue else { return }
        if let declared = Self.types(schema["type"]) { excludedTypes.formUnion(declared) }
        if let constant = schema["const"] { excludedValues.append(constant) }
        excludedValues += schema["enum"]?.arrayValue ?? []
        forbidden += schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    private static func types(_ value: JSONValue?) -> SchemaTypes? {
        guard let value else { return nil }
        let names = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
        var types: SchemaTypes = []
        for name in names {
            if let type = SchemaTypes.named.first(where: { $0.name == name })?.type { types.insert(type) }
        }
        return types
    }

    // `number` admits integers, so number ∩ integer is integer.
    private static func intersect(_ lhs: SchemaTypes, _ rhs: SchemaTypes) -> SchemaTypes {
        var result = lhs.intersection(rhs)
        if (lhs.contains(.number) && rhs.contains(.integer)) || (lhs.contains(.integer) && rhs.contains(.number)) {
            result.insert(.integer)
        }
        return result
    }

    private static func suggestedTypes(_ schema: JSONObject) -> SchemaTypes {
        let keywords: [(SchemaTypes, [String])] = [
            (.object, ["properties", "required", "additionalProperties", "patternProperties", "minProperties",
                       "maxProperties", "propertyNames", "dependentRequired"]),
            (.array, ["items", "prefixItems", "additionalItems", "contains", "minItems", "maxItems", "uniqueItems"]),
            (.string, ["minLength", "maxLength", "pattern"]),
            (.number, ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
        ]
        var suggested: SchemaTypes = []
        for (type, names) in keywords where names.contains(where: { schema[$0] != nil }) {
            suggested.insert(type)
        }
        return suggested
    }

    private static func smaller(_ lhs: Int?, _ rhs: Int?) -> Int? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return min(lhs, rhs)
    }
}
