/// `liftrec record --adopt`: gives legacy entries liftrec metadata without calling the endpoint.
public struct AdoptCommand: Sendable {
    /// Only these case keys (all when empty).
    public var only: [String] = []
    /// Seconds to wait for another liftrec's lock.
    public var waitLock: Double = 0
    /// List what would be adopted and write nothing.
    public var dryRun = false

    /// An adopt run with default options.
    public init() {}

    /// Writes `metadata.liftrec` into each legacy entry whose key matches a selected case.
    public func run(_ workspace: Workspace, environment: Environment) async throws(LiftrecError) -> CommandResult {
        try CaseSelection.check(only: only, in: workspace.selected)
        return try await StoreTransaction.run(workspace.selectedStores, writing: !dryRun, wait: waitLock, environment: environment) {
            (transaction: inout StoreTransaction) throws(LiftrecError) -> CommandResult in
            var reports: [SuiteReport] = []
            var text = ""
            var adoptedTotal = 0
            for (path, display) in workspace.selectedStores {
                for suite in workspace.selected where suite.storePath == path {
                    var report = SuiteReport(name: suite.name, store: display)
                    for suiteCase in CaseSelection.filter(suite.cases, only: only) {
                        guard let fixture = transaction.store(path, display: display).fixture(suiteCase.storeKey), fixture.isLegacy else { continue }
                        let entry = Self.adopted(fixture, for: suiteCase)
                        if !dryRun { transaction.set(entry, key: suiteCase.storeKey, in: path) }
                        adoptedTotal += 1
                        let check = FixtureCheck(suiteCase, fixture: Fixture(key: suiteCase.storeKey, entry: entry), suiteName: suite.name, strict: false)
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
            let summary = JSONObject([(dryRun ? "would_adopt" : "adopted", .number(JSONNumber(adoptedTotal)))])
            return CommandResult(report: CommandReport(command: "record", ok: true, suites: reports, summary: summary), text: text, exitStatus: 0)
        }
    }

    /// The entry with liftrec facts for the case's current request; a bare entry is wrapped the way ResponseRecorder writes one.
    static func adopted(_ fixture: Fixture, for suiteCase: SuiteCase) -> JSONValue {
        let isError = suiteCase.expect != .ok && fixture.response.isNull
        var facts = FixtureFacts(status: isError ? .error : .ok, fingerprint: suiteCase.fingerprint)
        facts.adopted = true
        var entry = fixture.isBare
            ? JSONObject([("metadata", .object(suiteCase.metadata ?? JSONObject())), ("original_key", .string(suiteCase.key)), ("response", fixture.response)])
            : fixture.entry.objectValue ?? JSONObject()
        var metadata = entry["metadata"]?.objectValue ?? JSONObject()
        metadata["liftrec"] = .object(facts.json)
        entry["metadata"] = .object(metadata)
        return .object(entry)
    }
}
