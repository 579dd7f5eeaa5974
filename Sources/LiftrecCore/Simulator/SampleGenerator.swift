/// Builds one JSON value for a schema document by walking it, the way a grammar-constrained model would
/// fill it in: required members always, optional ones sometimes, small arrays, short plausible strings.
///
/// Work is bounded three ways: instance depth (past `softDepth` only what is required is built, past
/// `hardDepth` nothing), a count of built values, and a few local retries where a check can fail.
struct SampleGenerator {
    /// The depth from which optional members are left out and arrays keep to their minimum length.
    static let softDepth = 5
    /// The depth at which building stops (a schema that requires endless nesting gets `null` there).
    static let hardDepth = 40
    /// The most values one attempt builds; after half of them only required parts are built.
    static let workLimit = 5_000
    /// How many times a value whose chosen branches fail their check is rebuilt.
    static let checkAttempts = 8
    /// The length plain strings are kept under unless `minLength` asks for more.
    static let naturalLength = 60
    /// The longest string built, whatever `minLength` asks.
    static let maxStringLength = RegexExampleGenerator.maxLength
    /// The longest array built, whatever `minItems` asks.
    static let maxArrayLength = 1_000
    /// The most undeclared members added to one object, whatever `minProperties` asks.
    static let maxExtraProperties = 64

    private static let anyType = SchemaTypes.named.reduce(into: SchemaTypes()) { $0.insert($1.type) }

    private let document: JSONValue
    private var checker: SampleChecker
    private var random = SplitMix64(seed: 0)
    private var work = 0
    private var capped = false

    /// A generator for `document`, a schema object or boolean that is also the root for `$ref`.
    init(document: JSONValue) {
        self.document = document
        checker = SampleChecker(document: document)
    }

    /// A value for the whole document, drawing every choice from `random`.
    mutating func sample(_ random: SplitMix64) -> JSONValue {
        self.random = random
        work = 0
        capped = false
        return value(for: [SampleShape.Location(pointer: .root, schema: document)], hint: "", depth: 0)
    }

    /// True when the last sample ran out of work or hit a size cap, so another attempt would too.
    var truncated: Bool { work > Self.workLimit || capped }

    private var frugal: Bool { work > Self.workLimit / 2 }

    private mutating func value(
        for locations: [SampleShape.Location], hint: String, depth: Int, excluding: [JSONValue] = []
    ) -> JSONValue {
        work += 1
        guard work <= Self.workLimit, depth <= Self.hardDepth else { return .null }
        var built = JSONValue.null
        for _ in 0..<Self.checkAttempts {
            let shape = SampleShape(collecting: locations, document: document, &random)
            built = build(shape, locations, hint: hint, depth: depth, excluding: excluding)
            guard shape.needsCheck, !frugal else { break }
            if checker.passes(built, locations) { break }
        }
        return built
    }

    private mutating func build(
        _ shape: SampleShape, _ locations: [SampleShape.Location], hint: String, depth: Int, excluding: [JSONValue]
    ) -> JSONValue {
        if shape.unsatisfiable { return shape.constValue ?? shape.enumValues?.first ?? .null }
        if let constant = shape.constValue { return constant }
        if let options = shape.enumValues {
            let open = options.filter { !excluding.contains($0) && !shape.excludedValues.contains($0) }
            return pickValid(open.isEmpty ? options : open, locations) ?? options.first ?? .null
        }
        if !shape.examples.isEmpty, random.chance(25),
           let example = pickValid(shape.examples.filter { !excluding.contains($0) }, locations) {
            return example
        }
        switch chooseType(shape) {
        case .null:
            return .null
        case .boolean:
            let flip = random.chance(50)
            return .bool(excluding.contains(.bool(flip)) ? !flip : flip)
        case .integer:
            return .number(SampleNumber.make(shape, integral: true, excluding: excluding, &random) ?? Self.boundary(shape))
        case .number:
            // Whole numbers half the time, as models often write them; a range may hold only fractions.
            let whole = random.chance(50) ? SampleNumber.make(shape, integral: true, excluding: excluding, &random) : nil
            return .number(whole ?? SampleNumber.make(shape, integral: false, excluding: excluding, &random) ?? Self.boundary(shape))
        case .array:
            return array(shape, hint: hint, depth: depth)
        case .object:
            return object(shape, hint: hint, depth: depth)
        default:
            return .string(string(shape, hint: hint))
        }
    }

    // The number to give when no candidate fits: a bound, which is at least near the allowed range.
    private static func boundary(_ shape: SampleShape) -> JSONNumber {
        shape.lower?.limit ?? shape.upper?.limit ?? JSONNumber(0)
    }

    // A random candidate that validates, trying each at most once.
    private mutating func pickValid(_ candidates: [JSONValue], _ locations: [SampleShape.Location]) -> JSONValue? {
        var remaining = candidates
        while !remaining.isEmpty {
            let candidate = remaining.remove(at: random.int(in: 0...(remaining.count - 1)))
            if checker.passes(candidate, locations) { return candidate }
        }
        return nil
    }

    private mutating func chooseType(_ shape: SampleShape) -> SchemaTypes {
        var allowed = shape.types ?? Self.anyType
        if !allowed.subtracting(shape.excludedTypes).isEmpty { allowed.subtract(shape.excludedTypes) }
        var suggested = shape.suggestedTypes
        if suggested.contains(.number) { suggested.insert(.integer) }
        let preferred = allowed.intersection(suggested)
        if shape.types == nil { return SchemaTypes.named.first { preferred.contains($0.type) }?.type ?? .string }
        let candidates = SchemaTypes.named.map(\.type).filter { allowed.contains($0) && $0 != .null }
        let favoured = candidates.filter { preferred.contains($0) }
        // A model answering `["string", "null"]` mostly writes the string.
        if allowed.contains(.null) && (candidates.isEmpty || random.chance(15)) { return .null }
        return random.element(of: favoured.isEmpty ? candidates : favoured) ?? .null
    }

    // MARK: Strings

    private mutating func string(_ shape: SampleShape, hint: String) -> String {
        string(patterns: shape.patterns, minimum: shape.minLength, maximum: shape.maxLength, hint: hint)
    }

    // Plain text from the member name, or an example of the first pattern steered toward that text.
    private mutating func string(patterns sources: [String], minimum wanted: Int, maximum: Int?, hint: String) -> String {
        let minimum = min(wanted, Self.maxStringLength)
        capped = capped || wanted > minimum
        let text = SampleText.value(for: hint, maximum: maximum, &random)
        // A pattern the validator cannot compile cannot be checked, so only compiled ones steer the text.
        let patterns = sources.compactMap { try? RegexPattern($0) }
        guard let first = patterns.first, let generator = RegexExampleGenerator(first.source) else {
            // Without a maximum, padding to a large minimum may finish its last word.
            let ceiling = maximum ?? (minimum > Self.naturalLength ? minimum + 24 : Self.naturalLength)
            return SampleText.fitted(text, minimum: minimum, maximum: ceiling, &random)
        }
        let lengths = generator.lengths
        let low = max(minimum, lengths.minimum)
        let high = min(maximum ?? Int.max, lengths.maximum ?? Int.max, Self.maxStringLength)
        var fallback = text
        var matching: String?
        for attempt in 0..<8 {
            // Even attempts follow the member's text at its length; odd ones take a short length instead,
            // which reads better when the pattern leaves little of the text (`^\d+$`, `^(foo|bar)+$`).
            let following = attempt.isMultiple(of: 2)
            let natural = following ? min(text.unicodeScalars.count, Self.naturalLength) : lengths.minimum + random.int(in: 0...8)
            let length = low <= high ? min(max(natural, low), high) : lengths.minimum
            let preferred = Self.snakeCase(SampleText.fitted(text, minimum: length, maximum: length, &random))
            let example = padded(generator.example(length: length, preferred: preferred, &random), to: minimum, generator)
            let count = example.unicodeScalars.count
            if count >= minimum, maximum.map({ count <= $0 }) ?? true, patterns.allSatisfy({ $0.search(example) == .match }) {
                if !following || Self.agreement(example, preferred) * 2 >= count { return example }
                matching = matching ?? example
            }
            fallback = example
        }
        return matching ?? fallback
    }

    // How many scalars of `example` equal the preferred text at the same position, ignoring ASCII case.
    private static func agreement(_ example: String, _ preferred: [Unicode.Scalar]) -> Int {
        zip(snakeCase(example), preferred).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    }

    // An unanchored pattern matches inside longer text, so a short match can be lengthened with words
    // set off by a space, which leaves `\b` and `\B` at the match's edges unchanged.
    private mutating func padded(_ example: String, to minimum: Int, _ generator: RegexExampleGenerator) -> String {
        let missing = minimum - example.unicodeScalars.count
        guard missing > 0 else { return example }
        let words = SampleText.fitted("", minimum: missing - 1, maximum: missing - 1, &random)
        if !generator.anchoredAtStart { return words + " " + example }
        if !generator.anchoredAtEnd { return example + " " + words }
        return example
    }

    private static func snakeCase(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "A"..."Z": return Unicode.Scalar(scalar.value + 0x20) ?? scalar
            case "a"..."z", "0"..."9": return scalar
            default: return "_"
            }
        }
    }

    // MARK: Objects

    private mutating func object(_ shape: SampleShape, hint: String, depth: Int) -> JSONValue {
        let sources = shape.sources
        var declared: [String] = []
        for source in sources {
            for name in source.schema["properties"]?.objectValue?.keys ?? [] where !declared.contains(name) {
                declared.append(name)
            }
        }
        let lean = depth >= Self.softDepth || frugal
        var chosen = shape.required
        let limit = shape.maxProperties ?? Int.max
        let optional = declared.filter { !chosen.contains($0) && !shape.forbidden.contains($0) && isAllowed($0, sources) }
        for name in optional where chosen.count < limit && !lean && random.chance(55) {
            chosen.append(name)
        }
        addDependencies(&chosen, sources)
        for name in optional where chosen.count < shape.minProperties && !chosen.contains(name) {
            chosen.append(name)
        }
        let acceptsOthers = declared.isEmpty && sources.contains {
            $0.schema["patternProperties"] != nil || ($0.schema["additionalProperties"].map { $0 != .bool(false) } ?? false)
        }
        let extras = max(shape.minProperties - chosen.count, acceptsOthers && !lean ? random.int(in: 0...2) : 0)
        capped = capped || extras > Self.maxExtraProperties
        for _ in 0..<min(extras, Self.maxExtraProperties) {
            guard let name = extraName(chosen, shape, sources, depth: depth) else { break }
            chosen.append(name)
        }
        addDependencies(&chosen, sources)
        // Declared members come in schema order, as a model writes them; the rest follow.
        let ordered = declared.filter { chosen.contains($0) } + chosen.filter { !declared.contains($0) }
        var members: [(String, JSONValue)] = []
        for name in ordered {
            members.append((name, value(for: memberLocations(name, sources), hint: name, depth: depth + 1)))
        }
        return .object(JSONObject(members))
    }

    private func addDependencies(_ chosen: inout [String], _ sources: [SampleShape.Location]) {
        var position = 0
        while position < chosen.count {
            for source in sources {
                let requires = source.schema["dependentRequired"]?[chosen[position]]?.arrayValue ?? []
                for name in requires.compactMap(\.stringValue) where !chosen.contains(name) {
                    chosen.append(name)
                }
            }
            position += 1
        }
    }

    // The schemas member `name` must satisfy: its `properties` entry, every matching `patternProperties`
    // entry, or else `additionalProperties`, from each source.
    private func memberLocations(_ name: String, _ sources: [SampleShape.Location]) -> [SampleShape.Location] {
        var locations: [SampleShape.Location] = []
        for source in sources {
            var matched = false
            if let property = source.child("properties", name) {
                locations.append(property)
                matched = true
            }
            for pattern in source.schema["patternProperties"]?.objectValue?.keys ?? []
            where (try? RegexPattern(pattern))?.search(name) == .match {
                if let schema = source.child("patternProperties", pattern) { locations.append(schema) }
                matched = true
            }
            if !matched, let additional = source.child("additionalProperties") { locations.append(additional) }
        }
        return locations
    }

    private func isAllowed(_ name: String, _ sources: [SampleShape.Location]) -> Bool {
        !memberLocations(name, sources).contains { $0.schema == .bool(false) }
    }

    // A new member name: from a `patternProperties` regex or a `propertyNames` schema when there is one,
    // else a snake_case word, and acceptable to every source.
    private mutating func extraName(
        _ taken: [String], _ shape: SampleShape, _ sources: [SampleShape.Location], depth: Int
    ) -> String? {
        let patterns = sources.flatMap { $0.schema["patternProperties"]?.objectValue?.keys ?? [] }
        let nameSchemas = sources.compactMap { $0.child("propertyNames") }
        for _ in 0..<8 {
            let name: String
            // A random identifier as the hint keeps retries from proposing the same name again.
            let hint = SampleText.identifier(&random)
            if let pattern = random.element(of: patterns) {
                name = string(patterns: [pattern], minimum: 0, maximum: nil, hint: hint)
            } else if !nameSchemas.isEmpty {
                name = value(for: nameSchemas, hint: hint, depth: depth + 1).stringValue ?? ""
            } else {
                name = hint
            }
            if !taken.contains(name), !shape.forbidden.contains(name), isAllowed(name, sources),
               checker.passes(.string(name), nameSchemas) {
                return name
            }
        }
        return nil
    }

    // MARK: Arrays

    private mutating func array(_ shape: SampleShape, hint: String, depth: Int) -> JSONValue {
        let sources = shape.sources
        var upper = shape.maxItems ?? Int.max
        var prefixLength = 0
        for source in sources {
            let layout = Self.itemLayout(source)
            prefixLength = max(prefixLength, layout.prefix)
            if let rest = layout.rest, source.child(rest)?.schema == .bool(false) { upper = min(upper, layout.prefix) }
        }
        let containing = sources.compactMap { $0.child("contains") }
        let lower = max(shape.minItems, containing.isEmpty ? 0 : 1)
        let count: Int
        if depth >= Self.softDepth || frugal {
            count = lower
        } else if prefixLength > 0 {
            count = min(max(prefixLength, lower), max(upper, lower))
        } else {
            let natural = depth < 2 ? 3 : 2
            count = random.int(in: lower...max(lower, min(upper, natural)))
        }
        let containsPosition = containing.isEmpty || count == 0 ? nil : random.int(in: 0...(count - 1))
        var items: [JSONValue] = []
        capped = capped || count > Self.maxArrayLength
        for position in 0..<min(count, Self.maxArrayLength) {
            var locations = sources.compactMap { Self.itemLocation(position, in: $0) }
            if position == containsPosition { locations += containing }
            var item = JSONValue.null
            for _ in 0..<6 {
                item = value(for: locations, hint: hint, depth: depth + 1, excluding: shape.uniqueItems ? items : [])
                if !shape.uniqueItems || !items.contains(item) { break }
            }
            if shape.uniqueItems && items.contains(item) && items.count >= lower { break }
            items.append(item)
        }
        return .array(items)
    }

    // How many leading positions have their own schema, and the keyword holding the schema for the rest.
    private static func itemLayout(_ source: SampleShape.Location) -> (prefix: Int, rest: String?) {
        if let prefix = source.schema["prefixItems"]?.arrayValue {
            return (prefix.count, source.schema["items"] == nil ? nil : "items")
        }
        if let tuple = source.schema["items"]?.arrayValue {
            return (tuple.count, source.schema["additionalItems"] == nil ? nil : "additionalItems")
        }
        return (0, source.schema["items"] == nil ? nil : "items")
    }

    private static func itemLocation(_ position: Int, in source: SampleShape.Location) -> SampleShape.Location? {
        let layout = itemLayout(source)
        if position < layout.prefix {
            return source.child(source.schema["prefixItems"] != nil ? "prefixItems" : "items", String(position))
        }
        return layout.rest.flatMap { source.child($0) }
    }
}
