/// Walks one instance against a compiled node table, collecting violations.
///
/// Two modes share one walk: collecting (record each violation, up to a limit) and testing
/// (`passes`: record nothing, stop at the first failure), which `anyOf`, `oneOf`, `not`, `if` and
/// `contains` use. Work is bounded by a depth limit and an evaluation budget, so no schema or
/// instance can make validation hang or exhaust the stack.
struct SchemaEvaluator {
    /// The deepest nesting of schema applications followed (instance depth plus `$ref` chains).
    static let maxDepth = 256
    /// The most schema applications one validation may perform.
    static let maxEvaluations = 10_000_000
    /// How many violations a failing `anyOf`/`oneOf` alternative is explored for, to name the closest one.
    private static let explanationLimit = 10

    private let nodes: [SchemaNode]
    private var path: [PathToken] = []
    private var violations: [SchemaViolation] = []
    private var limit: Int
    private var testing = 0
    private var full = false
    private var abort: SchemaViolation?
    private var depth = 0
    private var evaluations = 0
    private let evaluationBudget: Int

    private enum PathToken {
        case key(String)
        case index(Int)

        var text: String {
            switch self {
            case .key(let key): return key
            case .index(let index): return String(index)
            }
        }
    }

    /// An evaluator over `nodes` that reports at most `limit` violations and stops after `evaluationBudget` steps.
    init(nodes: [SchemaNode], limit: Int, evaluationBudget: Int = maxEvaluations) {
        self.nodes = nodes
        self.limit = limit
        self.evaluationBudget = evaluationBudget
    }

    /// The violations of `instance` against node 0; an aborted walk ends with the reason it stopped.
    mutating func validate<Node: JSONNode>(_ instance: Node) -> [SchemaViolation] {
        _ = evaluate(0, instance)
        guard let abort else { return violations }
        return violations.prefix(limit - 1) + [abort]
    }

    private var stopping: Bool { testing > 0 || full || abort != nil }

    private var pointer: JSONPointer { JSONPointer(tokens: path.map(\.text)) }

    // Records a violation at the current path (plus `token`); returns true when the caller should stop.
    private mutating func fail(_ message: @autoclosure () -> String, at token: PathToken? = nil) -> Bool {
        if !stopping {
            if let token { path.append(token) }
            violations.append(SchemaViolation(pointer: pointer, message: message()))
            if token != nil { path.removeLast() }
            full = violations.count >= limit
        }
        return stopping
    }

    private mutating func passes<Node: JSONNode>(_ node: Int, _ instance: Node) -> Bool {
        testing += 1
        defer { testing -= 1 }
        return evaluate(node, instance)
    }

    private mutating func descend<Node: JSONNode>(_ token: PathToken, _ node: Int, _ instance: Node) -> Bool {
        path.append(token)
        defer { path.removeLast() }
        return evaluate(node, instance)
    }

    private mutating func evaluate<Node: JSONNode>(_ index: Int, _ instance: Node) -> Bool {
        guard abort == nil else { return false }
        evaluations += 1
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth || evaluations > evaluationBudget {
            let reason = depth > Self.maxDepth
                ? "nesting deeper than \(Self.maxDepth) levels (instance depth plus $ref recursion)"
                : "more than \(evaluationBudget) schema evaluations (nested anyOf/oneOf over recursion?)"
            abort = SchemaViolation(pointer: pointer, message: "validation stopped: \(reason); simplify the schema or the value")
            return false
        }
        // Fields are read in place: copying a node would retain every array and keyword it holds.
        var valid = true
        if nodes[index].rejectsAll {
            return !fail("no value is allowed here (the schema is false)")
        }
        if let types = nodes[index].types, !types.admits(instance) {
            valid = false
            if fail("expected \(types.names), found \(Self.describe(instance.value))") { return false }
        }
        if let constant = nodes[index].constValue, constant != instance.value {
            valid = false
            if fail("must be \(constant.brief()) (const), found \(instance.value.brief())") { return false }
        }
        if let options = nodes[index].enumValues, !options.contains(instance.value) {
            valid = false
            if fail("\(instance.value.brief()) is not one of \(Self.list(options))") { return false }
        }
        switch instance.kind {
        case .object:
            if let keywords = nodes[index].object, !evaluateObject(keywords.keywords, instance) {
                valid = false
                if stopping { return false }
            }
        case .array:
            if let keywords = nodes[index].array, !evaluateArray(keywords.keywords, instance) {
                valid = false
                if stopping { return false }
            }
        case .string:
            if let keywords = nodes[index].string, !evaluateString(keywords.keywords, instance.stringValue!) {
                valid = false
                if stopping { return false }
            }
        case .number:
            if let keywords = nodes[index].number, !evaluateNumber(keywords.keywords, instance.numberValue!) {
                valid = false
                if stopping { return false }
            }
        case .null, .boolean:
            break
        }
        if !evaluateApplicators(index, instance) {
            valid = false
        }
        return valid
    }

    private mutating func evaluateApplicators<Node: JSONNode>(_ index: Int, _ instance: Node) -> Bool {
        var valid = true
        guard nodes[index].hasApplicators else { return true }
        let node = nodes[index]
        if let ref = node.ref, !evaluate(ref, instance) {
            valid = false
            if stopping { return false }
        }
        for subschema in node.allOf where !evaluate(subschema, instance) {
            valid = false
            if stopping { return false }
        }
        if !node.anyOf.isEmpty, !node.anyOf.contains(where: { passes($0, instance) }) {
            valid = false
            // Explaining re-runs the alternatives, so it is skipped when nothing would be recorded.
            let message = stopping ? "" : noAlternativeMessage(node.anyOf, "anyOf", instance)
            if fail(message) { return false }
        }
        if !node.oneOf.isEmpty {
            let matching = node.oneOf.indices.filter { passes(node.oneOf[$0], instance) }
            if matching.count != 1 {
                valid = false
                let message = stopping ? "" : matching.isEmpty
                    ? noAlternativeMessage(node.oneOf, "oneOf", instance)
                    : "matches \(matching.count) alternatives in oneOf (\(matching.map { "#\($0)" }.joined(separator: ", "))); exactly one must match"
                if fail(message) { return false }
            }
        }
        if let not = node.not, passes(not, instance) {
            valid = false
            if fail("must not match the schema in \"not\"") { return false }
        }
        if let condition = node.condition {
            let branch = passes(condition.test, instance) ? condition.then : condition.otherwise
            if let branch, !evaluate(branch, instance) {
                valid = false
            }
        }
        return valid
    }

    // Names the nearest miss: an alternative whose `type` fits beats one whose does not, then fewest violations.
    private mutating func noAlternativeMessage<Node: JSONNode>(_ alternatives: [Int], _ keyword: String, _ instance: Node) -> String {
        var closest: (alternative: Int, violations: [SchemaViolation], rank: (Int, Int))?
        for (position, alternative) in alternatives.enumerated() {
            let found = explain(alternative, instance)
            let typeMismatch = declaredTypes(alternative).map { !$0.admits(instance) } ?? false
            let rank = (typeMismatch ? 1 : 0, found.count)
            if closest.map({ rank < $0.rank }) ?? true { closest = (position, found, rank) }
        }
        var message = "matches none of the \(alternatives.count) alternatives in \(keyword)"
        if let closest, let first = closest.violations.first {
            message += "; closest is #\(closest.alternative): \(first)"
        }
        return message
    }

    // The `type` of a node or of the schema its `$ref` chain leads to; such chains are acyclic once compiled.
    private func declaredTypes(_ index: Int) -> SchemaTypes? {
        var node = nodes[index]
        while node.types == nil, let next = node.ref { node = nodes[next] }
        return node.types
    }

    // Collects up to `explanationLimit` violations of one subschema without touching the main list.
    private mutating func explain<Node: JSONNode>(_ node: Int, _ instance: Node) -> [SchemaViolation] {
        let saved = (violations, limit, testing, full)
        (violations, limit, testing, full) = ([], Self.explanationLimit, 0, false)
        _ = evaluate(node, instance)
        let found = violations
        (violations, limit, testing, full) = saved
        return found
    }

    private mutating func evaluateObject<Node: JSONNode>(_ keywords: SchemaNode.ObjectKeywords, _ object: Node) -> Bool {
        var valid = true
        for name in keywords.required where object[name] == nil {
            valid = false
            if fail("required property \(JSONValue.quoted(name)) is missing") { return false }
        }
        if keywords.minProperties != nil || keywords.maxProperties != nil,
           !checkCount(object.distinctMemberCount, keywords.minProperties, keywords.maxProperties, ("property", "properties"), valid: &valid) {
            return false
        }
        for (property, requires) in keywords.dependentRequired where object[property] != nil {
            for name in requires where object[name] == nil {
                valid = false
                if fail("property \(JSONValue.quoted(name)) is required when \(JSONValue.quoted(property)) is present") { return false }
            }
        }
        for (key, value) in object.distinctMembers {
            var matched = false
            if let schema = keywords.propertySchema(key) {
                matched = true
                if !descend(.key(key), schema, value) {
                    valid = false
                    if stopping { return false }
                }
            }
            for (pattern, schema) in keywords.patternProperties {
                switch pattern.search(key) {
                case .match:
                    matched = true
                    if !descend(.key(key), schema, value) {
                        valid = false
                        if stopping { return false }
                    }
                case .noMatch:
                    break
                case .tooExpensive:
                    valid = false
                    if fail(Self.tooExpensive(pattern, key), at: .key(key)) { return false }
                }
            }
            if !matched, let additional = keywords.additionalProperties {
                if nodes[additional].rejectsAll {
                    valid = false
                    if fail("property \(JSONValue.quoted(key)) is not allowed (additionalProperties is false)", at: .key(key)) {
                        return false
                    }
                } else if !descend(.key(key), additional, value) {
                    valid = false
                    if stopping { return false }
                }
            }
            if let names = keywords.nameSchema, !passes(names, JSONValue.string(key)) {
                valid = false
                if testing == 0 {
                    path.append(.key(key))
                    let reason = explain(names, JSONValue.string(key)).first.map { ": \($0.message)" } ?? ""
                    path.removeLast()
                    if fail("property name \(JSONValue.quoted(key)) is invalid\(reason)", at: .key(key)) { return false }
                } else {
                    return false
                }
            }
        }
        return valid
    }

    private mutating func evaluateArray<Node: JSONNode>(_ keywords: SchemaNode.ArrayKeywords, _ array: Node) -> Bool {
        var valid = true
        let items = array.items
        if !checkCount(array.itemCount, keywords.minItems, keywords.maxItems, ("item", "items"), valid: &valid) { return false }
        if keywords.uniqueItems, let (first, second) = Self.firstDuplicate(items.map(\.value)) {
            valid = false
            if fail("items \(first) and \(second) are equal (uniqueItems is true)") { return false }
        }
        for (position, item) in items.enumerated() {
            let schema: Int
            if position < keywords.prefix.count {
                schema = keywords.prefix[position]
            } else if let rest = keywords.rest {
                if nodes[rest.schema].rejectsAll {
                    valid = false
                    let allowed = Self.counted(keywords.prefix.count, "item is", "items are")
                    if fail("item is not allowed (\(rest.keyword) is false; only \(allowed) allowed)", at: .index(position)) {
                        return false
                    }
                    break
                }
                schema = rest.schema
            } else {
                break
            }
            if !descend(.index(position), schema, item) {
                valid = false
                if stopping { return false }
            }
        }
        if let contains = keywords.contains, !items.contains(where: { passes(contains, $0) }) {
            valid = false
            if fail("no item matches the \"contains\" schema") { return false }
        }
        return valid
    }

    // Checks `minProperties`/`maxProperties` or `minItems`/`maxItems`; false when the walk should stop.
    private mutating func checkCount(_ count: Int, _ minimum: Int?, _ maximum: Int?, _ noun: (String, String), valid: inout Bool) -> Bool {
        let keyword = noun.0 == "item" ? "Items" : "Properties"
        if let minimum, count < minimum {
            valid = false
            if fail("has \(Self.counted(count, noun.0, noun.1)), fewer than min\(keyword) \(minimum)") { return false }
        }
        if let maximum, count > maximum {
            valid = false
            if fail("has \(Self.counted(count, noun.0, noun.1)), more than max\(keyword) \(maximum)") { return false }
        }
        return true
    }

    private mutating func evaluateString(_ keywords: SchemaNode.StringKeywords, _ string: String) -> Bool {
        var valid = true
        if keywords.minLength != nil || keywords.maxLength != nil {
            let length = string.unicodeScalars.count
            if let minimum = keywords.minLength, length < minimum {
                valid = false
                if fail("\(JSONValue.quoted(string)) is shorter than minLength \(minimum) (\(Self.counted(length, "character", "characters")))") {
                    return false
                }
            }
            if let maximum = keywords.maxLength, length > maximum {
                valid = false
                if fail("\(JSONValue.quoted(string)) is longer than maxLength \(maximum) (\(Self.counted(length, "character", "characters")))") {
                    return false
                }
            }
        }
        if let pattern = keywords.pattern {
            switch pattern.search(string) {
            case .match:
                break
            case .noMatch:
                valid = false
                if fail("\(JSONValue.quoted(string)) does not match \(pattern.source)") { return false }
            case .tooExpensive:
                valid = false
                if fail(Self.tooExpensive(pattern, string)) { return false }
            }
        }
        return valid
    }

    private mutating func evaluateNumber(_ keywords: SchemaNode.NumberKeywords, _ number: JSONNumber) -> Bool {
        var valid = true
        let value = number.decimal
        for bound in keywords.bounds {
            let inside: Bool
            switch (bound.isLower, bound.isExclusive) {
            case (true, false): inside = !(value < bound.decimal)
            case (true, true): inside = bound.decimal < value
            case (false, false): inside = !(bound.decimal < value)
            case (false, true): inside = value < bound.decimal
            }
            if !inside {
                valid = false
                let relation: String
                switch (bound.isLower, bound.isExclusive) {
                case (true, false): relation = "is less than minimum"
                case (true, true): relation = "is not greater than exclusive minimum"
                case (false, false): relation = "is greater than maximum"
                case (false, true): relation = "is not less than exclusive maximum"
                }
                if fail("\(number.text) \(relation) \(bound.limit.text)") { return false }
            }
        }
        if let divisor = keywords.multipleOf, !value.isMultiple(of: divisor.decimal) {
            valid = false
            if fail("\(number.text) is not a multiple of \(divisor.text)") { return false }
        }
        return valid
    }

    private static func firstDuplicate(_ items: [JSONValue]) -> (Int, Int)? {
        for second in items.indices {
            for first in 0..<second where items[first] == items[second] {
                return (first, second)
            }
        }
        return nil
    }

    private static func tooExpensive(_ pattern: RegexPattern, _ string: String) -> String {
        "pattern \(pattern.source) was too expensive to evaluate on a string of \(counted(string.unicodeScalars.count, "character", "characters")); simplify the pattern"
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .array, .object, .null: return value.typeName
        default: return "\(value.typeName) \(value.brief())"
        }
    }

    private static func list(_ values: [JSONValue]) -> String {
        let shown = values.prefix(8).map { $0.brief(limit: 30) }.joined(separator: ", ")
        return "[" + shown + (values.count > 8 ? ", … (\(values.count) values)]" : "]")
    }

    private static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }
}
