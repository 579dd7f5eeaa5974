import Testing
@testable import LiftrecCore

/// The violation descriptions of `instance` against `schema`, both written as JSON text, after checking that the
/// instance read in place from a document gives exactly what its tree gives.
func violations(_ schema: String, _ instance: String) throws -> [String] {
    let compiled = try CompiledSchema(json(schema))
    let fromTree = compiled.validate(json(instance)).map(\.description)
    let fromDocument = compiled.validate(try JSONDocument(instance).root).map(\.description)
    #expect(fromDocument == fromTree, "validating \(instance) from a document differs from its tree")
    return fromTree
}

/// The compile error for `schema`, or nil when it compiles.
func compileError(_ schema: String) -> SchemaError? {
    do {
        _ = try CompiledSchema(json(schema))
        return nil
    } catch {
        return error
    }
}
