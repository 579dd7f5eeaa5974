/// The outcome of one case in a command's report.
struct CaseReport: Sendable {
    /// The case key.
    let key: String
    /// The case's status.
    let status: CaseStatus
    /// The findings behind the status.
    var problems: [Problem] = []
    /// Further command-specific fields for `--json`.
    var details = JSONObject()

    /// The case as a `--json` object.
    var json: JSONValue {
        var object = JSONObject()
        object["key"] = .string(key)
        object["status"] = .string(status.rawValue)
        object["problems"] = .array(problems.map(\.json))
        for (key, value) in details.members { object[key] = value }
        return .object(object)
    }
}
