@testable import LiftrecCore

/// A failed `verify` report: `cases` and `storeProblems` in the provider suite's store, then the `others` suites.
func failedVerifyReport(_ cases: [CaseReport], storeProblems: [Problem] = [], others: [SuiteReport] = []) -> CommandReport {
    CommandReport(command: "verify", ok: false, suites: [
        SuiteReport(name: "provider", store: "fixtures/recorded/provider.json", cases: cases, storeProblems: storeProblems),
    ] + others, summary: JSONObject())
}
