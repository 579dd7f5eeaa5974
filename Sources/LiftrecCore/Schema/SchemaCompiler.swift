/// Compiles a schema document into a node table, resolving local `$ref`s to node indices.
///
/// Every subschema is queued by its location and compiled from a work list, so nesting depth never
/// becomes recursion depth, and a location reached twice (inline and by `$ref`) is compiled once.
struct SchemaCompiler {
    private let document: JSONValue
    private var nodes: [SchemaNode] = []
    private var locations: [JSONPointer] = []
    private var indexByLocation: [JSONPointer: Int] = [:]
    private var queue: [(index: Int, value: JSONValue)] = []
    // Subschemas each node applies to the same instance value; a cycle here would never terminate.
    private var sameInstance: [[Int]] = []
    private var refText: [String?] = []
    // The schema object whose keywords are being read, and its index and location.
    private var schema = JSONObject()
    private var index = 0
    private var location = JSONPointer.root

    /// The node table for the schema at `start` in `document` (node 0); `$ref`s resolve against the whole document.
    static func compile(_ document: JSONValue, at start: JSONPointer = .root) throws(SchemaError) -> [SchemaNode] {
        var compiler = SchemaCompiler(document: document)
        guard let schema = start.resolve(in: document) else {
            throw compiler.failure(start, .unresolvableRef("#" + start.description))
        }
        _ = compiler.enqueue(schema, at: start)
        while let (index, value) = compiler.queue.popLast() {
            compiler.nodes[index] = try compiler.compileNode(value, index: index)
        }
        try compiler.checkForRefCycles()
        return compiler.nodes
    }

    private init(document: JSONValue) {
        self.document = document
    }

    private mutating func enqueue(_ value: JSONValue, at location: JSONPointer) -> Int {
        if let index = indexByLocation[location] { return index }
        let index = nodes.count
        nodes.append(SchemaNode())
        locations.append(location)
        sameInstance.append([])
        refText.append(nil)
        indexByLocation[location] = index
        queue.append((index, value))
        return index
    }

    private func failure(_ location: JSONPointer, _ problem: SchemaError.Problem) -> SchemaError {
        SchemaError(location: location, problem: problem)
    }

    private func invalid(_ keyword: String, _ expected: String, _ found: JSONValue, _ at: JSONPointer) -> SchemaError {
        failure(at.appending(keyword), .invalidKeyword(keyword, expected: expected, found: found.brief()))
    }

    private mutating func compileNode(_ value: JSONValue, index: Int) throws(SchemaError) -> SchemaNode {
        var node = SchemaNode()
        switch value {
        case .bool(let allows):
            node.rejectsAll = !allows
            return node
        case .object(let object):
            schema = object
            self.index = index
            location = locations[index]
            node.types = try types()
            node.enumValues = try array("enum")
            node.constValue = schema["const"]
            node.ref = try ref()
            node.allOf = try schemaList("allOf")
            node.anyOf = try schemaList("anyOf")
            node.oneOf = try schemaList("oneOf")
            node.not = subschema("not")
            if let test = subschema("if") {
                node.condition = .init(test: test, then: subschema("then"), otherwise: subschema("else"))
            }
            node.object = try objectKeywords().map(KeywordBox.init)
            node.array = try arrayKeywords().map(KeywordBox.init)
            node.string = try stringKeywords().map(KeywordBox.init)
            node.number = try numberKeywords().map(KeywordBox.init)
            let conditional = [node.condition?.test, node.condition?.then, node.condition?.otherwise]
            sameInstance[index] = node.allOf + node.anyOf + node.oneOf + ([node.ref, node.not] + conditional).compactMap { $0 }
            return node
        default:
            throw failure(locations[index], .notASchema(found: value.brief()))
        }
    }

    // Depth-first search with an explicit stack; a grey node reached again closes a cycle.
    private func checkForRefCycles() throws(SchemaError) {
        enum Mark { case white, grey, black }
        var marks = [Mark](repeating: .white, count: nodes.count)
        for start in nodes.indices where marks[start] == .white {
            var path: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .grey
            while let (node, next) = path.last {
                guard next < sameInstance[node].count else {
                    marks[node] = .black
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let target = sameInstance[node][next]
                switch marks[target] {
                case .white:
                    marks[target] = .grey
                    path.append((target, 0))
                case .grey:
                    let cycle = path.drop(while: { $0.node != target }).map(\.node)
                    let culprit = cycle.first(where: { refText[$0] != nil }) ?? node
                    throw failure(locations[culprit], .refCycle(refText[culprit] ?? ""))
                case .black:
                    break
                }
            }
        }
    }

    // Keyword readers for the current schema object; subschemas are queued, not compiled here.

    private func invalid(_ keyword: String, _ expected: String) -> SchemaError {
        invalid(keyword, expected, schema[keyword] ?? .null, location)
    }

    private mutating func subschema(_ keyword: String) -> Int? {
        guard let value = schema[keyword] else { return nil }
        return enqueue(value, at: location.appending(keyword))
    }

    private mutating func schemaList(_ keyword: String) throws(SchemaError) -> [Int] {
        guard let value = schema[keyword] else { return [] }
        guard let items = value.arrayValue, !items.isEmpty else {
            throw invalid(keyword, "a non-empty array of schemas")
        }
        let base = location.appending(keyword)
        return items.enumerated().map { enqueue($0.element, at: base.appending($0.offset)) }
    }

    private func array(_ keyword: String) throws(SchemaError) -> [JSONValue]? {
        guard let value = schema[keyword] else { return nil }
        guard let items = value.arrayValue else { throw invalid(keyword, "an array") }
        return items
    }

    private func count(_ keyword: String) throws(SchemaError) -> Int? {
        guard let value = schema[keyword] else { return nil }
        guard let count = value.numberValue?.intValue, count >= 0 else {
            throw invalid(keyword, "a non-negative integer")
        }
        return count
    }

    private func number(_ keyword: String) throws(SchemaError) -> JSONNumber? {
        guard let value = schema[keyword] else { return nil }
        guard let number = value.numberValue else { throw invalid(keyword, "a number") }
        return number
    }

    private func strings(_ keyword: String, in value: JSONValue?) -> [String]? {
        guard let items = value?.arrayValue else { return nil }
        let strings = items.compactMap(\.stringValue)
        return strings.count == items.count ? strings : nil
    }

    private func regex(_ pattern: String, at location: JSONPointer) throws(SchemaError) -> RegexPattern {
        do {
            return try RegexPattern(pattern)
        } catch {
            throw failure(location, .invalidPattern(error.description))
        }
    }

    private func types() throws(SchemaError) -> SchemaTypes? {
        guard let value = schema["type"] else { return nil }
        let names: [String]
        if let name = value.stringValue {
            names = [name]
        } else if let list = strings("type", in: value) {
            names = list
        } else {
            throw invalid("type", "a type name or an array of type names")
        }
        var types: SchemaTypes = []
        for name in names {
            guard let type = SchemaTypes.named.first(where: { $0.name == name })?.type else {
                throw failure(location.appending("type"), .unknownType(name))
            }
            types.insert(type)
        }
        return types
    }

    private mutating func ref() throws(SchemaError) -> Int? {
        guard let value = schema["$ref"] else { return nil }
        guard let ref = value.stringValue else { throw invalid("$ref", "a string") }
        let at = location.appending("$ref")
        guard ref.hasPrefix("#") else { throw failure(at, .remoteRef(ref)) }
        guard let pointer = JSONPointer(parsing: ref) else { throw failure(at, .unsupportedRef(ref)) }
        guard let target = pointer.resolve(in: document) else {
            throw failure(at, .unresolvableRef(ref))
        }
        refText[index] = ref
        return enqueue(target, at: pointer)
    }

    private mutating func objectKeywords() throws(SchemaError) -> SchemaNode.ObjectKeywords? {
        var keywords = SchemaNode.ObjectKeywords()
        var used = false
        if let value = schema["properties"] {
            guard let properties = value.objectValue else { throw invalid("properties", "an object of schemas") }
            let base = location.appending("properties")
            for (name, subschema) in properties.members {
                keywords.propertyNames.append(name)
                keywords.propertySchemas.append(enqueue(subschema, at: base.appending(name)))
            }
            used = true
        }
        if let value = schema["patternProperties"] {
            guard let patterns = value.objectValue else {
                throw invalid("patternProperties", "an object of schemas keyed by regex")
            }
            let base = location.appending("patternProperties")
            for (pattern, subschema) in patterns.members {
                let at = base.appending(pattern)
                keywords.patternProperties.append((try regex(pattern, at: at), enqueue(subschema, at: at)))
            }
            used = true
        }
        if let value = schema["required"] {
            guard let required = strings("required", in: value) else {
                throw invalid("required", "an array of property names")
            }
            keywords.required = required
            used = true
        }
        if let value = schema["dependentRequired"] {
            guard let dependencies = value.objectValue else {
                throw invalid("dependentRequired", "an object of property-name arrays")
            }
            for (property, list) in dependencies.members {
                guard let requires = strings(property, in: list) else {
                    throw invalid(property, "an array of property names", list, location.appending("dependentRequired"))
                }
                keywords.dependentRequired.append((property, requires))
            }
            used = true
        }
        keywords.additionalProperties = subschema("additionalProperties")
        keywords.nameSchema = subschema("propertyNames")
        keywords.minProperties = try count("minProperties")
        keywords.maxProperties = try count("maxProperties")
        used = used || keywords.additionalProperties != nil || keywords.nameSchema != nil
            || keywords.minProperties != nil || keywords.maxProperties != nil
        return used ? keywords : nil
    }

    private mutating func arrayKeywords() throws(SchemaError) -> SchemaNode.ArrayKeywords? {
        var keywords = SchemaNode.ArrayKeywords()
        if schema["prefixItems"] != nil {
            keywords.prefix = try schemaList("prefixItems")
            if let items = schema["items"], items.arrayValue != nil {
                throw invalid("items", "a schema when prefixItems is present")
            }
            keywords.rest = subschema("items").map { ($0, "items") }
        } else if let tuple = schema["items"]?.arrayValue {
            let base = location.appending("items")
            keywords.prefix = tuple.enumerated().map { enqueue($0.element, at: base.appending($0.offset)) }
            keywords.rest = subschema("additionalItems").map { ($0, "additionalItems") }
        } else {
            keywords.rest = subschema("items").map { ($0, "items") }
        }
        keywords.contains = subschema("contains")
        keywords.minItems = try count("minItems")
        keywords.maxItems = try count("maxItems")
        if let value = schema["uniqueItems"] {
            guard let unique = value.boolValue else { throw invalid("uniqueItems", "a boolean") }
            keywords.uniqueItems = unique
        }
        let used = !keywords.prefix.isEmpty || keywords.rest != nil || keywords.contains != nil
            || keywords.minItems != nil || keywords.maxItems != nil || keywords.uniqueItems
        return used ? keywords : nil
    }

    private func stringKeywords() throws(SchemaError) -> SchemaNode.StringKeywords? {
        var keywords = SchemaNode.StringKeywords()
        keywords.minLength = try count("minLength")
        keywords.maxLength = try count("maxLength")
        if let value = schema["pattern"] {
            guard let pattern = value.stringValue else { throw invalid("pattern", "a regex string") }
            keywords.pattern = try regex(pattern, at: location.appending("pattern"))
        }
        let used = keywords.minLength != nil || keywords.maxLength != nil || keywords.pattern != nil
        return used ? keywords : nil
    }

    private func numberKeywords() throws(SchemaError) -> SchemaNode.NumberKeywords? {
        var keywords = SchemaNode.NumberKeywords()
        func bound(_ limit: JSONNumber, lower: Bool, exclusive: Bool) -> SchemaNode.NumberKeywords.Bound {
            .init(limit: limit, decimal: limit.decimal, isLower: lower, isExclusive: exclusive)
        }
        for (keyword, exclusiveKeyword, lower) in [("minimum", "exclusiveMinimum", true), ("maximum", "exclusiveMaximum", false)] {
            // Draft-04 spelling: a boolean exclusive keyword makes the plain bound exclusive.
            var plainIsExclusive = false
            if let flag = schema[exclusiveKeyword]?.boolValue {
                plainIsExclusive = flag
            } else if let limit = try number(exclusiveKeyword) {
                keywords.bounds.append(bound(limit, lower: lower, exclusive: true))
            }
            if let limit = try number(keyword) {
                keywords.bounds.append(bound(limit, lower: lower, exclusive: plainIsExclusive))
            }
        }
        if let divisor = try number("multipleOf") {
            let decimal = divisor.decimal
            guard !decimal.negative, !decimal.digits.isEmpty else {
                throw invalid("multipleOf", "a number greater than 0")
            }
            guard decimal.digits.count <= JSONNumber.Decimal.maxDivisorDigits else {
                throw invalid("multipleOf", "a number of at most \(JSONNumber.Decimal.maxDivisorDigits) significant digits")
            }
            keywords.multipleOf = divisor
        }
        return keywords.bounds.isEmpty && keywords.multipleOf == nil ? nil : keywords
    }
}
