@testable import LiftrecCore

/// The violation descriptions of `instance` against `schema`, both written as JSON text.
func violations(_ schema: String, _ instance: String) throws -> [String] {
    try CompiledSchema(json(schema)).validate(json(instance)).map(\.description)
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
