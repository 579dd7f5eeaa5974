/// `liftrec diff` without `--against`: asks the live endpoint again and compares its replies with the stored fixtures.
struct LiveDiffCommand: Sendable {
    /// Pointers whose differences do not count.
    var ignore: [JSONPointer] = []
    /// Replies requested per case; disagreeing samples make a case `unstable`.
    var samples = 1
    /// Write differing live replies into the store.
    var update = false
    /// Which differences make the exit status 1.
    var failOn = FailOn.changed

    /// Which differences fail the run (`--fail-on`); the option's words are these cases' names.
    enum FailOn: String, Sendable, CaseIterable {
        case changed
        case reshaped
        case unstable
        case never

        /// Whether a case status fails the run at this threshold; samples that disagree are the endpoint's own
        /// nondeterminism, not drift, and so is new wording of a text output, so they fail only when asked for.
        func fails(_ status: CaseStatus) -> Bool {
            switch self {
            case .never: return false
            case .reshaped: return [.reshaped, .invalid, .error, .missing].contains(status)
            case .changed: return ![.same, .unstable, .textChanged].contains(status)
            case .unstable: return status != .same
            }
        }
    }

    /// Endpoint, concurrency, retries, timeouts, budget and output options; `maxCost` counts every sample.
    var live = LiveOptions()

    /// A live diff with default options.
    init() {}

    /// Sends every stored case `samples` times and classifies it; with `update`, journals and stores the differing replies.
    ///
    /// When the journal cannot be written, no further request is sent, and the run ends with status 1 and one line
    /// saying how many updated replies were kept.
    func run(_ workspace: Workspace, environment: Environment, reporter: Reporter) async throws(LiftrecError) -> CommandResult {
        var transaction = try await StoreTransaction.open(workspace.selectedStores, writing: update, wait: live.waitLock, environment: environment)
        defer { transaction.close() }
        var journal = JournalState()
        var result = try await run(workspace, transaction: &transaction, journal: &journal, environment: environment, reporter: reporter)
        guard let failure = journal.failure else {
            try transaction.commit()
            return result
        }
        // The store write may still succeed where the journal did not; if it fails too, the journal keeps what it holds.
        var kept = journal.journaled + journal.held
        do throws(LiftrecError) {
            try transaction.commit()
        } catch {
            kept = journal.journaled
        }
        reporter.stderr.line("liftrec: diff --update: stopped sending because \(failure.message); \(kept) updated \(kept == 1 ? "reply was" : "replies were") kept; "
            + "free space and run diff --update again for the rest")
        result.report.ok = false
        if result.exitStatus == 0 { result.exitStatus = 1 }
        return result
    }

    // How the journal of `--update` fared: replies appended, replies only held in memory, and the first failure.
    private struct JournalState {
        var journaled = 0
        var held = 0
        var failure: LiftrecError?
    }

    private func run(
        _ workspace: Workspace, transaction: inout StoreTransaction, journal: inout JournalState, environment: Environment, reporter: Reporter
    ) async throws(LiftrecError) -> CommandResult {
        let interrupt = environment.interrupt
        var progress = reporter.progress()
        let redactor = reporter.redactor
        let budget = CostBudget(limit: live.maxCost)
        var reports: [SuiteReport] = []
        var counts: [CaseStatus: Int] = [:]
        var text = ""
        for suite in workspace.selected {
            var report = SuiteReport(name: suite.name, store: suite.storeDisplay)
            let stored = suite.cases.map { transaction.stores[suite.storePath]?.fixture($0.storeKey) }
            let sent = suite.cases.indices.filter { stored[$0] != nil }
            var outcomes: [Int: [CallResult]] = [:]
            // A suite's cases may speak several protocols; each protocol's cases go to its own endpoint.
            for group in CaseSelection.byProtocol(sent, of: suite.cases) where !interrupt.isRaised && journal.failure == nil {
                let sent = group.indices
                let choice = try EndpointChoice.resolve(flags: live.endpointFlags, variables: environment.variables, suite: suite, speaking: group.wireProtocol)
                let connection = try live.connection(choice, speaking: group.wireProtocol, environment: environment, connect: environment.connect)
                let model = try await connection.preflight(progress: &progress, interrupt: interrupt)
                let jobs = sent.flatMap { index in Array(repeating: index, count: samples) }
                let scheduler = live.scheduler(connection.client, budget: budget, interrupt: interrupt, environment: environment)
                var updates: [Int: JSONValue] = [:]
                await scheduler.run(
                    bodies: jobs.map { suite.cases[$0].requestBody },
                    models: jobs.map { suite.cases[$0].request.model },
                    costs: jobs.map { _ in suite.usdPerRequest ?? 0 },
                    labels: jobs.map { "\(suite.name)/\(suite.cases[$0].key)" },
                    finished: { job, result in
                        let index = jobs[job]
                        outcomes[index, default: []].append(result)
                        // A differing reply is journaled as soon as its last sample is in, so a paid reply survives a crash.
                        guard update, outcomes[index]?.count == samples else { return journal.failure.map { _ in .journal } }
                        let suiteCase = suite.cases[index]
                        let (status, _, liveReply) = classify(suiteCase, stored: stored[index], results: outcomes[index] ?? [])
                        guard let liveReply, [.changed, .textChanged, .reshaped].contains(status) else { return journal.failure.map { _ in .journal } }
                        let (entry, _) = Fixture.recorded(
                            for: suiteCase, reply: liveReply.accepted, endpoint: choice.storedName, model: model,
                            latencyMs: liveReply.latencyMs, recordedAt: Timestamp.rfc3339(environment.now()), redactor: redactor
                        )
                        updates[index] = entry
                        do throws(LiftrecError) {
                            try transaction.journal(for: suite.storePath).append(key: suiteCase.storeKey, entry: entry)
                            journal.journaled += 1
                        } catch {
                            journal.failure = journal.failure ?? error
                            journal.held += 1
                        }
                        return journal.failure.map { _ in .journal }
                    }
                )
                for index in sent {
                    let suiteCase = suite.cases[index]
                    var (status, problems, _) = classify(suiteCase, stored: stored[index], results: outcomes[index] ?? [])
                    var details = JSONObject()
                    if let entry = updates[index] {
                        try transaction.set(entry, key: suiteCase.storeKey, in: suite.storePath)
                        details["updated"] = .bool(true)
                        problems.append(Problem(kind: .updated, message: "the store now holds the live reply", isWarning: true))
                    }
                    report.cases.append(CaseReport(key: suiteCase.key, status: status, problems: problems, details: details))
                }
            }
            for index in suite.cases.indices where stored[index] == nil {
                report.cases.append(CaseReport(key: suite.cases[index].key, status: .missing, problems: [
                    .missing(suite: suite.name, key: suite.cases[index].key, in: "the store to compare"),
                ]))
            }
            let order = Dictionary(uniqueKeysWithValues: suite.cases.enumerated().map { ($1.key, $0) })
            report.cases.sort { (order[$0.key] ?? 0) < (order[$1.key] ?? 0) }
            text += "\(suite.name): \(suite.storeDisplay) vs the live endpoint\n"
            for caseReport in report.cases {
                counts[caseReport.status, default: 0] += 1
                text += TextReport.caseLine(caseReport, style: reporter.style)
            }
            reports.append(report)
        }
        progress.clear()
        let statuses: [CaseStatus] = [.same, .changed, .textChanged, .reshaped, .unstable, .invalid, .error, .missing]
        var summary = JSONObject()
        for status in statuses { summary[status.rawValue] = .number(JSONNumber(counts[status] ?? 0)) }
        summary["requests"] = .number(JSONNumber(budget.requests))
        summary["estimated_cost_usd"] = .number(JSONNumber(text: RecordCommand.dollars(budget.spent)))
        let updated = reports.reduce(0) { $0 + $1.cases.filter { $0.details["updated"] != nil }.count }
        summary["updated"] = .number(JSONNumber(updated))
        text += "diff: " + statuses.filter { counts[$0] != nil }.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        text += "; \(budget.requests) requests, estimated cost $\(RecordCommand.dollars(budget.spent))\n"
        let failing = counts.contains { failOn.fails($0.key) && $0.value > 0 }
        var report = CommandReport(command: "diff", ok: !failing, suites: reports, summary: summary)
        report.describeDifferences(updated: updated)
        return CommandResult(report: report, text: text, exitStatus: interrupt.isRaised ? 130 : (failing ? 1 : 0))
    }

    private struct LiveReply {
        let accepted: AcceptedReply
        let latencyMs: Double
    }

    private func classify(_ suiteCase: SuiteCase, stored: Fixture?, results: [CallResult]) -> (CaseStatus, [Problem], LiveReply?) {
        var replies: [LiveReply] = []
        for result in results {
            guard let outcome = result.outcome else {
                return (.error, [.stopped(result.stoppedBy ?? .interrupted, prefix: "not sent: ")], nil)
            }
            switch ReplyVerdict(outcome, for: suiteCase) {
            case .reject(let kind, let message, let pointer):
                return (kind == .schema ? .invalid : .error, [Problem(kind: kind, pointer: pointer, message: message)], nil)
            case .accept(let accepted):
                replies.append(LiveReply(accepted: accepted, latencyMs: result.latencyMs))
            }
        }
        guard let first = replies.first, let stored else {
            return (.error, [Problem(kind: .endpoint, message: "no live reply")], nil)
        }
        let response = { (reply: LiveReply) -> JSONValue in reply.accepted.response }
        var varying: [String] = []
        for other in replies.dropFirst() {
            for difference in JSONDiff.differences(from: response(first), to: response(other), ignoring: ignore) where !varying.contains(difference.pointer.description) {
                varying.append(difference.pointer.description)
            }
        }
        if !varying.isEmpty {
            return (.unstable, [Problem(
                kind: .unstable, message: "the \(replies.count) live samples disagree at \(varying.prefix(5).joined(separator: ", ")); the endpoint is not deterministic here, so this is not drift",
                details: JSONObject([("pointers", .array(varying.map(JSONValue.string)))])
            )], nil)
        }
        var live = Store(path: "", display: "the live reply")
        do {
            try live.set(stored.key, to: .object(JSONObject([("response", response(first))])))
        } catch {
            return (.failed, [Problem(kind: .endpoint, message: error.message)], first)
        }
        guard let fresh = live.fixture(stored.key) else { return (.failed, [], first) }
        let storedKind = (try? stored.facts())?.output
        let (status, problems) = DiffCommand.compare(
            stored, fresh, leftName: "the store", rightName: "the live reply", ignore: ignore,
            textOutput: storedKind == first.accepted.kind && storedKind.map(DiffCommand.hasText) == true
        )
        return (status, problems, first)
    }
}
