/// The outcome of one case in a command's report.
public struct CaseReport: Sendable {
    /// The case key.
    public let key: String
    /// The case's status.
    public let status: CaseStatus
    /// The findings behind the status.
    public let problems: [Problem]
    /// Further command-specific fields for `--json`.
    public let details: JSONObject

    /// A case report from its parts.
    public init(key: String, status: CaseStatus, problems: [Problem] = [], details: JSONObject = JSONObject()) {
        self.key = key
        self.status = status
        self.problems = problems
        self.details = details
    }

    /// The case as a `--json` object.
    public var json: JSONValue {
        var object = JSONObject()
        object["key"] = .string(key)
        object["status"] = .string(status.rawValue)
        object["problems"] = .array(problems.map(\.json))
        for (key, value) in details.members { object[key] = value }
        return .object(object)
    }
}
