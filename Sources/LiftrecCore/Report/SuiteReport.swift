/// The cases of one suite in a command's report, plus store-level findings.
struct SuiteReport: Sendable {
    /// The suite name.
    let name: String
    /// The store file as shown to the user.
    let store: String
    /// One report per case, in suite order.
    var cases: [CaseReport] = []
    /// Findings about the store rather than a case (orphans, secrets outside any case).
    var storeProblems: [Problem] = []
    /// Further command-specific fields for `--json`.
    var details = JSONObject()

    /// The suite as a `--json` object.
    var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(name)
        object["store"] = .string(store)
        object["cases"] = .array(cases.map(\.json))
        object["store_problems"] = .array(storeProblems.map(\.json))
        for (key, value) in details.members { object[key] = value }
        return .object(object)
    }
}
