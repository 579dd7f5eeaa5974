/// A JSON schema compiled once for repeated validation of the subset LLM structured output uses.
///
/// Supported keywords and their draft-07 / 2020-12 spellings are those `SchemaCompiler` reads; annotations and unknown keywords are ignored. `$ref` is applied
/// alongside its sibling keywords (2020-12 behaviour). Violation pointers name the offending instance
/// value; `SchemaViolation.description` shows the whole instance as `(root)`.
struct CompiledSchema: Sendable {
    /// The most violations one `validate` call returns; later ones are not looked for.
    static let violationLimit = 100

    private let nodes: [SchemaNode]

    /// Compiles `schema`, failing on remote or broken `$ref`s, malformed keywords and unusable patterns.
    init(_ schema: JSONValue) throws(SchemaError) {
        nodes = try SchemaCompiler.compile(schema)
    }

    /// Compiles the subschema at `location` in `document`, resolving its `$ref`s against the whole document.
    init(_ document: JSONValue, at location: JSONPointer) throws(SchemaError) {
        nodes = try SchemaCompiler.compile(document, at: location)
    }

    /// The ways `instance` fails the schema, in document order; empty when it is valid.
    func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var evaluator = SchemaEvaluator(nodes: nodes, limit: Self.violationLimit)
        return evaluator.validate(instance)
    }

    /// The ways a document's `instance` fails the schema (see `validate(_:)`), read in place.
    func validate(_ instance: JSONElement) -> [SchemaViolation] {
        var evaluator = SchemaEvaluator(nodes: nodes, limit: Self.violationLimit)
        return evaluator.validate(instance)
    }
}
