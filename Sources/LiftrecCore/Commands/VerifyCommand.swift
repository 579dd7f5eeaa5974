/// `liftrec verify`: the offline CI gate that checks every case's fixture.
public struct VerifyCommand: Sendable {
    /// Legacy entries, undated entries and orphans are errors instead of warnings.
    public var strict = false
    /// Fixtures recorded longer ago than this many seconds are `expired` (`--max-age`).
    public var maxAge: Double?
    /// Searches every entry for credentials; nil skips the search.
    public var scanner: SecretScanner? = SecretScanner(variables: [:])
    /// Only findings are listed, not clean cases.
    public var quiet = false
    /// Colour for the status words.
    public var style = TextStyle.plain

    /// A verify run with default options.
    public init() {}

    /// Checks every selected suite's fixtures in `stores` (keyed by path) and reports each case; `now` is the clock
    /// `--max-age` measures from.
    public func run(_ workspace: Workspace, stores: consuming [String: Store], now: @Sendable () -> Double) throws(LiftrecError) -> CommandResult {
        let expiry = maxAge.map { FixtureCheck.Expiry(maxAge: $0, now: now()) }
        var checkedKeys: [String: Set<String>] = [:]
        for suite in workspace.selected {
            checkedKeys[suite.storePath, default: []].formUnion(suite.cases.map(\.storeKey))
        }
        var reports: [SuiteReport] = []
        var storesReported: Set<String> = []
        var simulated = 0
        var orphanCount = 0
        for suite in workspace.selected {
            let store = stores[suite.storePath] ?? Store(path: suite.storePath, display: suite.storeDisplay)
            var report = SuiteReport(name: suite.name, store: suite.storeDisplay)
            // Each case's report is made where it is checked, on every core.
            report.cases = ParallelMap.map(suite.cases) { [strict, scanner] suiteCase in
                let check = FixtureCheck(
                    suiteCase, fixture: store.fixture(suiteCase.storeKey), suiteName: suite.name, strict: strict, expiry: expiry, scanner: scanner
                )
                var details = JSONObject()
                if let repair = check.repair, !check.isClean || strict { details["repair"] = .string(repair) }
                if check.isSimulated { details["simulated"] = .bool(true) }
                return CaseReport(key: suiteCase.key, status: check.status, problems: check.problems, details: details)
            }
            if let scanner { Self.scanSuite(suite, root: workspace.root, scanner: scanner, into: &report) }
            simulated += report.cases.count { $0.details["simulated"] != nil }
            // Entries no selected case owns are checked once per store: orphans, and secrets wherever they are.
            if storesReported.insert(suite.storePath).inserted {
                let inUse = workspace.keysInUse(store: suite.storePath)
                let checked = checkedKeys[suite.storePath] ?? []
                for (position, fixture) in store.fixtures.enumerated() where !checked.contains(fixture.key) {
                    if !inUse.contains(fixture.key) {
                        orphanCount += 1
                        let keyIsSecret = scanner?.firstMatch(in: fixture.key) != nil
                        report.storeProblems.append(Problem(
                            kind: .orphan,
                            message: "entry \(keyIsSecret ? "number \(position + 1)" : quoted(fixture.key)) is used by no case of any suite; run 'liftrec prune' to remove it",
                            isWarning: !strict,
                            details: keyIsSecret ? JSONObject([("position", .number(JSONNumber(position + 1)))]) : JSONObject([("key", .string(fixture.key))])
                        ))
                    }
                    if let scanner { report.storeProblems += FixtureCheck.secretProblems(in: fixture, scanner: scanner) }
                }
            }
            reports.append(report)
        }
        // The stores are done with; freeing them before the report is written keeps the peak to what checking needs.
        stores = [:]
        let failed = reports.contains { suite in
            suite.storeProblems.contains { !$0.isWarning } || suite.cases.contains { $0.problems.contains { !$0.isWarning } }
        }
        var report = CommandReport(command: "verify", ok: !failed, suites: reports, summary: JSONObject())
        var summary = JSONObject()
        summary["cases"] = .number(JSONNumber(reports.reduce(0) { $0 + $1.cases.count }))
        for (status, count) in report.statusCounts { summary[status.rawValue] = .number(JSONNumber(count)) }
        summary["orphans"] = .number(JSONNumber(orphanCount))
        let secrets = reports.reduce(0) { total, suite in
            total + (suite.storeProblems + suite.cases.flatMap(\.problems)).filter { $0.kind == .secret }.count
        }
        summary["secrets"] = .number(JSONNumber(secrets))
        summary["simulated"] = .number(JSONNumber(simulated))
        report.summary = summary
        return CommandResult(report: report, text: render(report, simulated: simulated, orphans: orphanCount), exitStatus: failed ? 1 : 0)
    }

    // Learned cases carry the request as the client sent it, so a key pasted into a prompt lives in the suite too:
    // each case is searched where it is written, and a finding names the case, the place and the shape, never the value.
    private static func scanSuite(_ suite: Suite, root: String, scanner: SecretScanner, into report: inout SuiteReport) {
        guard let document = try? SuiteLoader(root: root).read(name: suite.name), let cases = document.root["cases"] else { return }
        let positions = Dictionary(report.cases.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        for element in cases.elements {
            guard let key = element["key"]?.stringValue, let position = positions[key] else { continue }
            let findings = scanner.scan(element)
            guard !findings.isEmpty else { continue }
            let found = findings.map { finding in
                let place = finding.pointer.description.isEmpty ? "the case" : finding.pointer.description
                return Problem(
                    kind: .secret, pointer: finding.pointer.description,
                    message: "\(place) in suite \(suite.file) holds \(finding.rule.summary) (rule \(finding.rule.rawValue)); "
                        + "remove it from the suite, re-record the case and rotate the credential",
                    details: JSONObject([("rule", .string(finding.rule.rawValue)), ("in_suite", .bool(true))])
                )
            }
            let old = report.cases[position]
            let rank = { (status: CaseStatus) in CaseStatus.verifySeverity.firstIndex(of: status) ?? CaseStatus.verifySeverity.count }
            let status = rank(old.status) > rank(.secret) ? CaseStatus.secret : old.status
            report.cases[position] = CaseReport(key: old.key, status: status, problems: found + old.problems, details: old.details)
        }
    }

    private func render(_ report: CommandReport, simulated: Int, orphans: Int) -> String {
        var text = ""
        for suite in report.suites {
            text += "\(suite.name): \(suite.store)\n"
            let shown = quiet ? suite.cases.filter { !$0.problems.isEmpty } : suite.cases
            text += ParallelMap.map(shown) { [style] in TextReport.caseLine($0, style: style) }.joined()
            for problem in suite.storeProblems {
                text += "  " + TextReport.problemLine(problem) + "\n"
            }
        }
        let counts = report.statusCounts.isEmpty ? "nothing to check" : report.statusCounts.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
        let total = report.suites.reduce(0) { $0 + $1.cases.count }
        text += "verify: \(total) case\(total == 1 ? "" : "s"): \(counts); \(orphans) orphan\(orphans == 1 ? "" : "s")"
        text += report.ok ? " - passed\n" : " - FAILED\n"
        if simulated > 0 {
            text += "note: \(simulated) fixture\(simulated == 1 ? " was" : "s were") recorded from the simulator, not a real endpoint\n"
        }
        return text
    }
}
