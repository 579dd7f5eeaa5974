/// A case schema made ready once per run: compiled for validation, serialised canonically and fingerprinted.
struct PreparedSchema: Sendable {
    /// The schema compiled for validation.
    let compiled: CompiledSchema
    /// The RFC 8785 bytes, spliced into each request body's fingerprint.
    let canonical: [UInt8]
    /// SHA-256 of `canonical`, lowercase hex.
    let sha256: SHA256Digest

    /// Compiles and fingerprints `schema`.
    init(_ schema: JSONValue) throws(PreparedSchemaError) {
        do {
            canonical = try JSONWriter.canonical(schema)
        } catch {
            throw .canonical(error)
        }
        do {
            compiled = try CompiledSchema(schema)
        } catch {
            throw .schema(error)
        }
        sha256 = SHA256.digest(canonical)
    }
}

/// Why a schema could not be prepared: it has no canonical form, or it does not compile.
enum PreparedSchemaError: Error, Sendable {
    case canonical(JSONCanonicalError)
    case schema(SchemaError)

    /// One line naming the problem.
    var description: String {
        switch self {
        case .canonical(let error): return error.description
        case .schema(let error): return error.description
        }
    }
}
