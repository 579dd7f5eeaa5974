/// Why a JSON schema cannot be compiled, with the schema location of the problem.
struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong at `location`.
    enum Problem: Sendable, Equatable {
        /// A value where a schema belongs is neither an object nor a boolean; holds a rendering of it.
        case notASchema(found: String)
        /// A keyword's value has the wrong type or range: keyword, what it must be, a rendering of what it is.
        case invalidKeyword(String, expected: String, found: String)
        /// `type` names something other than the seven JSON Schema types.
        case unknownType(String)
        /// `$ref` names another document.
        case remoteRef(String)
        /// `$ref` is local but not a JSON pointer fragment (a plain-name anchor, or a malformed pointer).
        case unsupportedRef(String)
        /// `$ref` is a pointer to nothing in this schema.
        case unresolvableRef(String)
        /// `$ref` leads back to itself without descending into the instance.
        case refCycle(String)
        /// `pattern` or a `patternProperties` name is not a usable regex; holds the regex error text.
        case invalidPattern(String)
    }

    /// Where in the schema the problem is.
    let location: JSONPointer
    /// What is wrong.
    let problem: Problem

    var description: String {
        let what: String
        switch problem {
        case .notASchema(let found):
            what = "expected a schema (an object or a boolean), found \(found)"
        case .invalidKeyword(let keyword, let expected, let found):
            what = "\"\(keyword)\" must be \(expected), found \(found)"
        case .unknownType(let name):
            what = "\"type\" names unknown type \"\(name)\"; use null, boolean, object, array, number, string or integer"
        case .remoteRef(let ref):
            what = "$ref \"\(ref)\" is remote; only local refs (#/…) are supported — copy the schema under $defs and refer to #/$defs/…"
        case .unsupportedRef(let ref):
            what = "$ref \"\(ref)\" is not a JSON pointer fragment; only local refs (#/…) are supported"
        case .unresolvableRef(let ref):
            what = "$ref \"\(ref)\" points at nothing in this schema; check the path under #/definitions or #/$defs"
        case .refCycle(let ref):
            what = "$ref \"\(ref)\" leads back here without descending into the instance, so validation would never end"
        case .invalidPattern(let reason):
            what = reason
        }
        return "schema error at #\(location): \(what)"
    }
}
