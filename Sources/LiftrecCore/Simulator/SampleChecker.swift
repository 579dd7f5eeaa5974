/// Validates sampled values against subschemas of one document, compiling each subschema once.
struct SampleChecker {
    private let document: JSONValue
    private var compiled: [JSONPointer: CompiledSchema] = [:]
    private var uncompilable: Set<JSONPointer> = []

    /// A checker for subschemas of `document`.
    init(document: JSONValue) {
        self.document = document
    }

    /// False only when `value` is known to fail one of the schemas at `locations`; a schema that does not
    /// compile cannot be checked and counts as passed.
    mutating func passes(_ value: JSONValue, _ locations: [SampleShape.Location]) -> Bool {
        for location in locations {
            guard let schema = schema(at: location.pointer) else { continue }
            if !schema.validate(value).isEmpty { return false }
        }
        return true
    }

    private mutating func schema(at pointer: JSONPointer) -> CompiledSchema? {
        if let schema = compiled[pointer] { return schema }
        guard !uncompilable.contains(pointer) else { return nil }
        guard let schema = try? CompiledSchema(document, at: pointer) else {
            uncompilable.insert(pointer)
            return nil
        }
        compiled[pointer] = schema
        return schema
    }
}
