/// `liftrec prune`: removes store entries that no case uses any more.
///
/// With a receipt (`--unused-in`), a learned suite (`"origin": "learned"`) loses each unused case together with its
/// fixture, so the project still verifies; a suite written by hand keeps both, and prune lists the unused cases for
/// the user to delete from the suite.
struct PruneCommand: Sendable {
    /// List what would go without writing anything.
    var dryRun = false
    /// Also remove entries whose request fingerprint no longer matches their case.
    var stale = false

    /// The `replay --serve` receipt (`--unused-in`) whose unused fixtures go too, as typed.
    var receipt: String?

    /// A prune run with default options.
    init() {}

    /// Prunes each store of the selected suites and reports what it removed; a dry run takes no lock and writes nothing.
    func run(_ workspace: Workspace, environment: Environment) async throws(LiftrecError) -> CommandResult {
        let unused = try receipt.map { (receipt) throws(LiftrecError) in try Self.unusedCases(in: receipt, environment) } ?? [:]
        var result = try await pruneStores(workspace, unused: unused, environment: environment)
        var kept: [String] = []
        for suite in workspace.selected {
            let unusedKeys = suite.cases.map(\.key).filter { unused[suite.name]?.contains($0) == true }
            guard !unusedKeys.isEmpty else { continue }
            guard suite.isLearned else {
                kept += unusedKeys.map { "\(suite.name)/\($0)" }
                continue
            }
            if !dryRun { try Self.removeCases(Set(unusedKeys), from: suite, root: workspace.root) }
            result.text += "\(dryRun ? "would remove" : "removed") \(unusedKeys.count) learned case\(unusedKeys.count == 1 ? "" : "s") from \(suite.file)\n"
        }
        if !kept.isEmpty {
            result.text += "kept \(kept.count) unused case\(kept.count == 1 ? "" : "s") of hand-written suites, and their fixtures: \(kept.joined(separator: ", ")); "
                + "delete them from their suites, then run prune again to drop their fixtures\n"
            result.report.summary["unused_kept"] = .array(kept.map(JSONValue.string))
        }
        return result
    }

    // Drops the cases named `keys` from a learned suite's file, written as learning writes it.
    private static func removeCases(_ keys: Set<String>, from suite: Suite, root: String) throws(LiftrecError) {
        let path = ProjectLayout.suitePath(root: root, name: suite.name)
        guard var document = SuiteLoader(root: root).readTree(name: suite.name) else { return }
        document["cases"] = .array((document["cases"]?.arrayValue ?? []).filter { !keys.contains($0["key"]?.stringValue ?? "") })
        do {
            try FileSystem.writeAtomically(JSONWriter.pretty(.object(document)) + Array("\n".utf8), to: path)
        } catch {
            throw .io(error)
        }
        // The file now holds every case the journal did but the removed ones.
        try Journal.remove(storePath: path)
    }

    // The cases a replay --serve receipt lists as unused, by suite name.
    private static func unusedCases(in receipt: String, _ environment: Environment) throws(LiftrecError) -> [String: Set<String>] {
        let path = FileSystem.resolve(receipt, against: environment.workingDirectory)
        let document: JSONValue
        do {
            document = try JSONParser.parse(try FileSystem.read(path))
        } catch let error as FileError {
            throw .io(error.shown(as: receipt, for: path))
        } catch let error as JSONParseError {
            throw .invalidJSON(file: receipt, line: error.line, column: error.column, reason: error.message)
        } catch {
            throw .usage("--unused-in '\(receipt)': \(error)")
        }
        guard document["command"]?.stringValue == "replay", let suites = document["suites"]?.arrayValue else {
            throw .usage("--unused-in '\(receipt)' is not a replay --serve receipt; write one with 'liftrec replay --serve --receipt FILE -- CMD'")
        }
        var unused: [String: Set<String>] = [:]
        for suite in suites {
            guard let name = suite["name"]?.stringValue else { continue }
            for entry in suite["cases"]?.arrayValue ?? [] where entry["status"]?.stringValue == CaseStatus.unused.rawValue {
                if let key = entry["key"]?.stringValue { unused[name, default: []].insert(key) }
            }
        }
        return unused
    }

    private func pruneStores(_ workspace: Workspace, unused: [String: Set<String>], environment: Environment) async throws(LiftrecError) -> CommandResult {
        try await StoreTransaction.run(workspace.selectedStores, writing: !dryRun, wait: 0, environment: environment) {
            (transaction: inout StoreTransaction) throws(LiftrecError) -> CommandResult in
            var reports: [SuiteReport] = []
            var removedTotal = 0
            var text = ""
            for (path, display) in workspace.selectedStores {
                let removals = removals(in: transaction.store(path, display: display), workspace: workspace, unused: unused)
                var report = SuiteReport(name: workspace.suites(sharing: path).map(\.name).joined(separator: ","), store: display)
                for (key, reason) in removals {
                    report.cases.append(CaseReport(key: key, status: dryRun ? .wouldRemove : .removed, details: JSONObject([("reason", .string(reason))])))
                    text += "\(dryRun ? "would remove" : "removed") \(key) (\(reason))\n"
                    if !dryRun { try transaction.set(nil, key: key, in: path) }
                }
                let kept = transaction.store(path, display: display).count - (dryRun ? removals.count : 0)
                text += "\(display): \(removals.count) \(dryRun ? "to remove" : "removed"), \(kept) kept\n"
                report.details["kept"] = .number(JSONNumber(kept))
                removedTotal += removals.count
                reports.append(report)
            }
            let summary = JSONObject([(dryRun ? "would_remove" : "removed", .number(JSONNumber(removedTotal)))])
            return CommandResult(report: CommandReport(command: "prune", ok: true, suites: reports, summary: summary), text: text, exitStatus: 0)
        }
    }

    private func removals(in store: Store, workspace: Workspace, unused: [String: Set<String>]) -> [(key: String, reason: String)] {
        let inUse = workspace.keysInUse(store: store.path)
        var owners: [String: SuiteCase] = [:]
        var unusedKeys: Set<String> = []
        for suite in workspace.suites(sharing: store.path) {
            for suiteCase in suite.cases {
                owners[suiteCase.storeKey] = suiteCase
                if suite.isLearned, unused[suite.name]?.contains(suiteCase.key) == true { unusedKeys.insert(suiteCase.storeKey) }
            }
        }
        var result: [(String, String)] = []
        for fixture in store.fixtures {
            if !inUse.contains(fixture.key) {
                result.append((fixture.key, "no case uses it"))
            } else if unusedKeys.contains(fixture.key) {
                result.append((fixture.key, "no request of the test run used it"))
            } else if stale, let owner = owners[fixture.key], case .stale = Freshness(of: fixture, for: owner) {
                result.append((fixture.key, "stale: its case changed"))
            }
        }
        return result
    }
}
