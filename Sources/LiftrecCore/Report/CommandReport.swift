/// The full result of one command: what `--json` prints and what the text renderers read.
struct CommandReport: Sendable {
    /// The command name.
    let command: String
    /// True when the command found nothing that makes its exit status 1.
    var ok: Bool
    /// One report per selected suite.
    var suites: [SuiteReport]
    /// Command-specific totals.
    var summary: JSONObject
    /// The outcome in the few words the Markdown heading gives it, where "passed" or "FAILED" would mislead; not part
    /// of `--json`.
    var headline: String?

    /// The report object every command prints under `--json`: `{"command", "liftrec_version", "ok", "suites", "summary"}`.
    var json: JSONValue {
        .object(JSONObject([
            ("command", .string(command)),
            ("liftrec_version", .string(Liftrec.version)),
            ("ok", .bool(ok)),
            ("suites", .array(suites.map(\.json))),
            ("summary", .object(summary)),
        ]))
    }

    /// The headline of a `diff` report: what differed, and how many of those `--update` stored.
    ///
    /// A difference is what diff exists to find, so its exit status 1 is a finding, not a failure: a refresh that
    /// found drift and recorded it succeeded.
    mutating func describeDifferences(updated: Int = 0) {
        let found = statusCounts.filter { $0.status != .same }
        guard !found.isEmpty else {
            headline = "no differences"
            return
        }
        headline = "differences found (" + found.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ") + ")"
            + (updated > 0 ? "; \(updated) updated in the store" : "")
    }

    /// How many cases across all suites have each status, in first-seen order.
    var statusCounts: [(status: CaseStatus, count: Int)] {
        var order: [CaseStatus] = []
        var counts: [CaseStatus: Int] = [:]
        for suite in suites {
            for report in suite.cases {
                if counts[report.status] == nil { order.append(report.status) }
                counts[report.status, default: 0] += 1
            }
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
