/// `liftrec verify`: the offline CI gate that checks every case's fixture.
struct VerifyCommand: Sendable {
    /// Legacy entries, undated entries and orphans are errors instead of warnings.
    var strict = false
    /// Fixtures recorded longer ago than this many seconds are `expired` (`--max-age`).
    var maxAge: Double?
    /// Searches every entry for credentials; nil skips the search.
    var scanner: SecretScanner? = SecretScanner(variables: [:])
    /// Only findings are listed, not clean cases.
    var quiet = false
    /// Colour for the status words.
    var style = TextStyle.plain

    /// A verify run with default options.
    init() {}

    /// Checks every selected suite's fixtures and reports each case; `now` is the clock `--max-age` measures from.
    ///
    /// Each store is read a piece at a time and its entries are checked as they are parsed, so the memory verify needs
    /// stays near what the suites take, however large the stores grow.
    ///
    /// `documents` are the parsed suite files by name, when the caller kept them; a suite missing there is read again
    /// for the secret search. They are searched and let go before the first store is read.
    func run(
        _ workspace: Workspace, documents: consuming [String: JSONDocument] = [:], now: @Sendable () -> Double
    ) throws(LiftrecError) -> CommandResult {
        let expiry = maxAge.map { FixtureCheck.Expiry(maxAge: $0, now: now()) }
        let suites = workspace.selected
        var suiteSecrets: [[String: [Problem]]] = []
        if let scanner {
            let loader = SuiteLoader(root: workspace.root)
            suiteSecrets = suites.map { suite in
                Self.secrets(in: suite, document: documents[suite.name] ?? (try? loader.read(name: suite.name)), scanner: scanner)
            }
        }
        documents = [:]
        var caseReports: [[CaseReport?]] = suites.map { Array(repeating: nil, count: $0.cases.count) }
        var storeProblems: [[Problem]] = Array(repeating: [], count: suites.count)
        var orphanCount = 0
        for (path, owners) in Self.storesInOrder(suites) {
            let reporting = owners[0]
            let check = StoreEntryCheck(
                suites: suites, owners: owners, inUse: workspace.keysInUse(store: path), strict: strict, expiry: expiry, scanner: scanner
            )
            var found: [StoreEntryCheck.Findings] = []
            let collect = { (batch: [StoreEntryCheck.Findings]) in
                for findings in batch {
                    for owned in findings.cases { caseReports[owned.suite][owned.position] = owned.report }
                }
                found += batch.filter { !$0.storeProblems.isEmpty }
            }
            let stream = StoreStream(path: path).forEach({ position, fixture in check.findings(fixture, position: position) }, collect: collect)
            if stream == .needsWholeFile {
                // Only the whole-file reader can say what is wrong, or lay a journal over the file: start again with it.
                caseReports = caseReports.enumerated().map { index, reports in owners.contains(index) ? reports.map { _ in nil } : reports }
                found = []
                let store = try Store.load(path: path, display: suites[reporting].storeDisplay)
                collect(ParallelMap.map(Array(store.fixtures.enumerated())) { position, fixture in check.findings(fixture, position: position) })
            }
            storeProblems[reporting] = found.flatMap(\.storeProblems)
            orphanCount += found.count { $0.isOrphan }
        }
        var reports: [SuiteReport] = []
        var simulated = 0
        for (index, suite) in suites.enumerated() {
            var report = SuiteReport(name: suite.name, store: suite.storeDisplay)
            // A case no entry answered has no fixture.
            let missing = caseReports[index].indices.filter { caseReports[index][$0] == nil }
            let checked = ParallelMap.map(missing) { [strict, scanner] position in
                StoreEntryCheck.report(FixtureCheck(suite.cases[position], fixture: nil, suiteName: suite.name, strict: strict, expiry: expiry, scanner: scanner), strict: strict)
            }
            for (position, missingReport) in zip(missing, checked) { caseReports[index][position] = missingReport }
            report.cases = caseReports[index].map { $0! }
            caseReports[index] = []
            report.storeProblems = storeProblems[index]
            if !suiteSecrets.isEmpty { Self.add(suiteSecrets[index], to: &report) }
            simulated += report.cases.count { $0.details["simulated"] != nil }
            reports.append(report)
        }
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
    private static func secrets(in suite: Suite, document: JSONDocument?, scanner: SecretScanner) -> [String: [Problem]] {
        guard let cases = document?.root["cases"] else { return [:] }
        let elements = Array(cases.elements)
        let scanned = ParallelMap.map(elements) { scanner.scan($0) }
        var found: [String: [Problem]] = [:]
        for (element, findings) in zip(elements, scanned) where !findings.isEmpty {
            guard let key = element["key"]?.stringValue, found[key] == nil else { continue }
            found[key] = findings.map { finding in
                let place = finding.pointer.description.isEmpty ? "the case" : finding.pointer.description
                return Problem(
                    kind: .secret, pointer: finding.pointer.description,
                    message: "\(place) in suite \(suite.file) holds \(finding.rule.summary) (rule \(finding.rule.rawValue)); "
                        + "remove it from the suite, re-record the case and rotate the credential",
                    details: JSONObject([("rule", .string(finding.rule.rawValue)), ("in_suite", .bool(true))])
                )
            }
        }
        return found
    }

    // A case whose suite entry holds a secret has those findings first, and `secret` as its status unless it has a worse one.
    private static func add(_ secrets: [String: [Problem]], to report: inout SuiteReport) {
        guard !secrets.isEmpty else { return }
        var added: Set<String> = []
        for (position, old) in report.cases.enumerated() {
            guard let found = secrets[old.key], added.insert(old.key).inserted else { continue }
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

    // The selected suites' stores in first-use order, each with the suites that use it.
    private static func storesInOrder(_ suites: [Suite]) -> [(path: String, owners: [Int])] {
        var order: [(path: String, owners: [Int])] = []
        for (index, suite) in suites.enumerated() {
            if let at = order.firstIndex(where: { $0.path == suite.storePath }) {
                order[at].owners.append(index)
            } else {
                order.append((suite.storePath, [index]))
            }
        }
        return order
    }

}
