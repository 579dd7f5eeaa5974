/// One finding about a case or a store: what kind it is, where, and what to do about it.
struct Problem: Sendable, Equatable {
    /// The machine-readable kind.
    let kind: ProblemKind
    /// The JSON pointer of the offending value, when there is one.
    var pointer: String? = nil
    /// One line a person can act on.
    let message: String
    /// True for a warning that does not fail the command by itself.
    var isWarning = false
    /// Further kind-specific fields for `--json` (e.g. `changed` for `stale`).
    var details = JSONObject()

    /// The problem as a `--json` object.
    var json: JSONValue {
        var object = JSONObject()
        object["kind"] = .string(kind.rawValue)
        if let pointer { object["pointer"] = .string(pointer) }
        object["message"] = .string(message)
        object["severity"] = .string(isWarning ? "warning" : "error")
        for (key, value) in details.members { object[key] = value }
        return .object(object)
    }
}
