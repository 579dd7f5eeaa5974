/// `liftrec record --adopt`: gives legacy entries liftrec metadata without calling the endpoint.
struct AdoptCommand: Sendable {
    /// Only these case keys (all when empty).
    var only: [String] = []
    /// Seconds to wait for another liftrec's lock.
    var waitLock: Double = 0
    /// List what would be adopted and write nothing.
    var dryRun = false

    /// An adopt run with default options.
    init() {}

    /// Writes `metadata.liftrec` into each legacy entry whose key matches a selected case.
    func run(_ workspace: Workspace, environment: Environment) async throws(LiftrecError) -> CommandResult {
        try CaseSelection.check(only: only, in: workspace.selected)
        return try await StoreTransaction.run(workspace.selectedStores, writing: !dryRun, wait: waitLock, environment: environment) {
            (transaction: inout StoreTransaction) throws(LiftrecError) -> CommandResult in
            var reports: [SuiteReport] = []
            var text = ""
            var adoptedTotal = 0
            var refused = 0
            for (path, display) in workspace.selectedStores {
                for suite in workspace.selected where suite.storePath == path {
                    var report = SuiteReport(name: suite.name, store: display)
                    for suiteCase in CaseSelection.filter(suite.cases, only: only) {
                        guard let fixture = transaction.store(path, display: display).fixture(suiteCase.storeKey), fixture.isLegacy else { continue }
                        let entry = Self.adopted(fixture, for: suiteCase)
                        var adopted = Store(path: path, display: display)
                        try adopted.set(suiteCase.storeKey, to: entry)
                        let check = FixtureCheck(suiteCase, fixture: adopted.fixture(suiteCase.storeKey), suiteName: suite.name, strict: false)
                        // Adopting a fixture that fails its schema would vouch for it; recording it again repairs it.
                        guard check.isClean else {
                            refused += 1
                            report.cases.append(CaseReport(key: suiteCase.key, status: .failed, problems: check.problems,
                                                           details: JSONObject([("repair", .string(check.repair ?? ""))])))
                            text += "not adopted \(suite.name)/\(suiteCase.key): it fails its case; run '\(check.repair ?? "liftrec record")'\n"
                            for problem in check.problems { text += "    " + TextReport.problemLine(problem) + "\n" }
                            continue
                        }
                        if !dryRun { try transaction.set(entry, key: suiteCase.storeKey, in: path) }
                        adoptedTotal += 1
                        report.cases.append(CaseReport(key: suiteCase.key, status: dryRun ? .wouldAdopt : .adopted, problems: check.problems))
                        text += "\(dryRun ? "would adopt" : "adopted") \(suite.name)/\(suiteCase.key)\n"
                        for problem in check.problems { text += "    " + TextReport.problemLine(problem) + "\n" }
                    }
                    reports.append(report)
                }
            }
            let noun = "legacy fixture\(adoptedTotal == 1 ? "" : "s")"
            text += dryRun
                ? "record --adopt --dry-run: \(adoptedTotal) \(noun) would be adopted; nothing was written\n"
                : "record --adopt: \(adoptedTotal) \(noun) adopted; run 'liftrec verify' to check them\n"
            if refused > 0 { text += "record --adopt: \(refused) legacy fixture\(refused == 1 ? "" : "s") not adopted because they fail their cases\n" }
            let summary = JSONObject([(dryRun ? "would_adopt" : "adopted", .number(JSONNumber(adoptedTotal))), ("refused", .number(JSONNumber(refused)))])
            return CommandResult(report: CommandReport(command: "record", ok: refused == 0, suites: reports, summary: summary), text: text,
                                 exitStatus: refused == 0 ? 0 : 1)
        }
    }

    /// The entry with liftrec facts for the case's current request; a bare entry is wrapped the way ResponseRecorder writes one.
    static func adopted(_ fixture: Fixture, for suiteCase: SuiteCase) -> JSONValue {
        let isError = suiteCase.expect != .ok && fixture.response.isNull
        var facts = FixtureFacts(status: isError ? .error : .ok, fingerprint: suiteCase.fingerprint)
        facts.adopted = true
        var entry = fixture.isBare
            ? JSONObject([("metadata", .object(suiteCase.metadata ?? JSONObject())), ("original_key", .string(suiteCase.key)), ("response", fixture.response.value)])
            : fixture.entry.value.objectValue ?? JSONObject()
        var metadata = entry["metadata"]?.objectValue ?? JSONObject()
        metadata["liftrec"] = .object(facts.json)
        entry["metadata"] = .object(metadata)
        return .object(entry)
    }
}
