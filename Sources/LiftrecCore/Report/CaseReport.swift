/// The outcome of one case in a command's report.
struct CaseReport: Sendable {
    /// The case key.
    let key: String
    /// The case's status.
    let status: CaseStatus
    /// The findings behind the status.
    let problems: [Problem]
    /// Further command-specific fields for `--json`.
    let details: JSONObject

    init(key: String, status: CaseStatus, problems: [Problem] = [], details: JSONObject = JSONObject()) {
        self.key = key
        self.status = status
        self.problems = problems
        self.details = details
    }

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
