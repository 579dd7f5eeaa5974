/// `liftrec replay` without `--serve`: prints each selected case's recorded reply as one JSON line.
struct ReplayCommand: Sendable {
    /// Only these case keys (all when empty).
    var only: [String] = []

    /// A replay run with default options.
    init() {}

    /// Prints the stored replies and counts hits and misses.
    func run(_ workspace: Workspace, stores: [String: Store], stderr: TextSink) throws(LiftrecError) -> CommandResult {
        try CaseSelection.check(only: only, in: workspace.selected)
        var reports: [SuiteReport] = []
        var text = ""
        var hits = 0
        var misses = 0
        for suite in workspace.selected {
            let store = stores[suite.storePath] ?? Store(path: suite.storePath, display: suite.storeDisplay)
            var report = SuiteReport(name: suite.name, store: suite.storeDisplay)
            for suiteCase in CaseSelection.filter(suite.cases, only: only) {
                guard let fixture = store.fixture(suiteCase.storeKey) else {
                    misses += 1
                    let problem = Problem.missing(suite: suite.name, key: suiteCase.key, in: suite.storeDisplay)
                    stderr.line("miss: \(suite.name)/\(suiteCase.key): \(problem.message)")
                    report.cases.append(CaseReport(key: suiteCase.key, status: .miss, problems: [problem]))
                    continue
                }
                hits += 1
                let facts = try? fixture.facts()
                let reply = fixture.reply(facts: facts, speaking: suiteCase.wireProtocol)
                text += String(decoding: JSONWriter.compact(.object(reply.body)), as: UTF8.self) + "\n"
                let details = JSONObject([("http_status", .number(JSONNumber(reply.status))), ("reply", .object(reply.body))])
                report.cases.append(CaseReport(key: suiteCase.key, status: .hit, details: details))
            }
            reports.append(report)
        }
        stderr.line("replay: \(hits) hit\(hits == 1 ? "" : "s"), \(misses) miss\(misses == 1 ? "" : "es")")
        let summary = JSONObject([("hits", .number(JSONNumber(hits))), ("misses", .number(JSONNumber(misses)))])
        let report = CommandReport(command: "replay", ok: misses == 0, suites: reports, summary: summary)
        return CommandResult(report: report, text: text, exitStatus: misses == 0 ? 0 : 1)
    }
}
