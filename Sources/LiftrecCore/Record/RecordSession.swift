/// The mutable state of one recording: stores being filled, per-case outcomes and running totals.
struct RecordSession {
    let plan: RecordPlan
    /// The locked stores the fixtures go into, and their journals.
    var transaction: StoreTransaction
    let redactor: SecretRedactor
    var progress: ProgressLine
    let now: @Sendable () -> Double
    var outcomes: [Int: CaseReport] = [:]
    var inFlight = 0
    // Calls started so far; requests sent beyond this many were retries.
    var calls = 0
    let startedAt: Double
    var recorded = 0
    var failed = 0
    var unrecorded = 0
    var tokens = 0
    var latencies: [Double] = []
    /// The first journal append that failed; from then on no new request is sent.
    var journalFailure: LiftrecError?
    /// Plan items whose reply is held only in memory because the journal append failed.
    var unjournaled: [Int] = []

    init(plan: RecordPlan, transaction: StoreTransaction, redactor: SecretRedactor, progress: ProgressLine, now: @escaping @Sendable () -> Double) {
        self.plan = plan
        self.transaction = transaction
        self.redactor = redactor
        self.progress = progress
        self.now = now
        startedAt = now()
    }

    /// Decides what one finished call means for plan item `index`, and stores it durably when it is a valid fixture.
    ///
    /// A reply whose journal append fails is still held for the final store write, which may yet succeed. `sharesCall`
    /// marks the second and later keys of one deduplicated request, whose tokens were already counted.
    mutating func settle(_ index: Int, result: CallResult, endpoint: String, model: String?, sharesCall: Bool = false) {
        let item = plan.items[index]
        let label = "\(item.suite.name)/\(item.suiteCase.key)"
        let attempts = JSONObject([("attempts", .number(JSONNumber(result.attempts))), ("reason", .string(item.reason))])
        func fail(_ kind: ProblemKind, _ message: String, pointer: String? = nil) {
            let text = redactor.redact(message)
            failed += 1
            progress.event("failed \(label): \(text)", isFailure: true)
            outcomes[index] = CaseReport(key: item.suiteCase.key, status: .failed, problems: [Problem(kind: kind, pointer: pointer, message: text)], details: attempts)
        }
        guard let outcome = result.outcome, result.stoppedBy == nil || outcome.isReply else {
            unrecorded += 1
            let cause = result.stoppedBy ?? .interrupted
            progress.event("unrecorded \(label): \(cause.explanation)")
            outcomes[index] = CaseReport(key: item.suiteCase.key, status: .unrecorded, problems: [.stopped(cause)], details: attempts)
            return
        }
        let reply: AcceptedReply
        switch ReplyVerdict(outcome, for: item.suiteCase) {
        case .reject(let kind, let message, let pointer):
            let tries = result.attempts > 1 ? " (after \(result.attempts) attempts)" : ""
            return fail(kind, message + tries + "; not stored", pointer: pointer)
        case .accept(let accepted):
            reply = accepted
        }
        let isError = reply.isError
        let (entry, facts) = Fixture.recorded(
            for: item.suiteCase, reply: reply, endpoint: endpoint, model: model,
            latencyMs: result.latencyMs, recordedAt: Timestamp.rfc3339(now()), redactor: redactor, stream: isError ? nil : result.stream
        )
        let path = item.suite.storePath
        // A reply the store could not read back is refused before its journal line is written.
        var probe = Store(path: path, display: item.suite.storeDisplay)
        do throws(LiftrecError) {
            try probe.set(item.suiteCase.storeKey, to: entry)
        } catch {
            return fail(.endpoint, error.message, pointer: nil)
        }
        var journaled = true
        do throws(LiftrecError) {
            try transaction.journal(for: path).append(key: item.suiteCase.storeKey, entry: entry)
        } catch {
            journalFailure = journalFailure ?? error
            unjournaled.append(index)
            journaled = false
        }
        // It cannot fail: the probe above took the same value.
        try? transaction.set(entry, key: item.suiteCase.storeKey, in: path)
        recorded += 1
        if !sharesCall { tokens += facts.tokensUsed?.intValue ?? 0 }
        latencies.append(result.latencyMs)
        let detail = "\(DurationText.format(result.latencyMs / 1000))" + (facts.tokensUsed.map { ", \($0.text) tokens" } ?? "")
        // Only a journaled reply is safe from a crash; one held in memory is reported once the store write decides.
        progress.event(journaled
            ? "recorded \(label)\(isError ? " (expected error reply)" : "") in \(detail)"
            : "held \(label) in memory: the journal could not be written; it is kept only if the store can be written")
        var details = attempts
        details["latency_ms"] = .number(facts.latencyMs ?? JSONNumber(0))
        outcomes[index] = CaseReport(key: item.suiteCase.key, status: .recorded, details: details)
    }

    /// Redraws the terminal status line: done/total, in flight, retries, failures, spend and ETA.
    mutating func showStatus(budget: CostBudget) {
        let done = recorded + failed + unrecorded
        calls = max(calls, done + inFlight)
        let retries = max(0, budget.requests - calls)
        let elapsed = now() - startedAt
        let eta = done > 0 && done < plan.items.count ? ", ETA \(DurationText.format(elapsed / Double(done) * Double(plan.items.count - done)))" : ""
        progress.status("[\(done)/\(plan.items.count)] in flight \(inFlight), retries \(retries), failures \(failed), spent $\(RecordCommand.dollars(budget.spent))\(eta)")
    }

    /// Writes the stores after a journal failure and says how many replies were kept; the run's text gets that line.
    ///
    /// When the store cannot be written either, the replies the journal missed are lost and reported unrecorded; the
    /// journal still holds the others, and the next run folds them in.
    mutating func keepAfterJournalFailure(_ failure: LiftrecError) -> String {
        do throws(LiftrecError) {
            try transaction.commit()
        } catch {
            for index in unjournaled {
                let item = plan.items[index]
                outcomes[index] = CaseReport(key: item.suiteCase.key, status: .unrecorded, problems: [
                    Problem(kind: .journal, message: "the reply could not be kept: \(error.message)"),
                ])
            }
            recorded -= unjournaled.count
            unrecorded += unjournaled.count
        }
        let left = plan.items.count - recorded - failed
        return "record: stopped sending because \(failure.message); \(recorded) \(recorded == 1 ? "reply was" : "replies were") kept, "
            + "\(left) \(left == 1 ? "case is" : "cases are") left; free space and run record again to record the rest"
    }

    /// The report, text and exit status of the finished run.
    func result(interrupted: Bool, budget: CostBudget, wallSeconds: Double, maxCost: Double?) -> CommandResult {
        var suites: [SuiteReport] = []
        for suite in Set(plan.items.map(\.suite.name)).union(plan.skipped.map(\.suite)).sorted() {
            var report = SuiteReport(name: suite, store: plan.storeDisplay[suite] ?? "")
            for (index, item) in plan.items.enumerated() where item.suite.name == suite {
                report.cases.append(outcomes[index] ?? CaseReport(key: item.suiteCase.key, status: .unrecorded))
            }
            for skip in plan.skipped where skip.suite == suite {
                report.cases.append(CaseReport(key: skip.key, status: .skipped, details: JSONObject([("reason", .string(skip.reason.rawValue))])))
            }
            suites.append(report)
        }
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
        }
        let notSent = plan.items.count - recorded - failed - unrecorded
        let left = unrecorded + notSent
        let summary = JSONObject([
            ("recorded", .number(JSONNumber(recorded))),
            ("skipped", .number(JSONNumber(plan.skipped.count))),
            ("failed", .number(JSONNumber(failed))),
            ("unrecorded", .number(JSONNumber(left))),
            ("requests", .number(JSONNumber(budget.requests))),
            ("tokens", .number(JSONNumber(tokens))),
            ("latency_p50_ms", .number(JSONNumber(Int(percentile(0.5).rounded())))),
            ("latency_p95_ms", .number(JSONNumber(Int(percentile(0.95).rounded())))),
            ("estimated_cost_usd", .number(JSONNumber(text: RecordCommand.dollars(budget.spent)))),
            ("wall_seconds", .number(JSONNumber(text: String(Double(Int(wallSeconds * 1000)) / 1000)))),
            ("interrupted", .bool(interrupted)),
        ])
        let fresh = plan.skipped.filter { $0.reason == .fresh }.count
        var text = "record: \(recorded) recorded, \(plan.skipped.count) skipped (\(fresh) fresh), \(failed) failed"
        text += left > 0 ? ", \(left) unrecorded" : ""
        text += "\n  \(budget.requests) request\(budget.requests == 1 ? "" : "s"), \(tokens) tokens, latency p50 \(DurationText.format(percentile(0.5) / 1000)) p95 \(DurationText.format(percentile(0.95) / 1000)), "
        text += "estimated cost $\(RecordCommand.dollars(budget.spent))\(maxCost.map { " of $\(RecordCommand.dollars($0))" } ?? ""), wall \(DurationText.format(wallSeconds))\n"
        for suite in suites {
            for report in suite.cases where report.status == .failed || report.status == .unrecorded {
                text += "  \(report.status.rawValue) \(suite.name)/\(report.key): \(report.problems.first?.message ?? "not sent")\n"
            }
        }
        let elsewhere = plan.skipped.filter { $0.reason == .otherShard }.map { "\($0.suite)/\($0.key)" }
        if !elsewhere.isEmpty {
            let shown = elsewhere.prefix(10).joined(separator: ", ") + (elsewhere.count > 10 ? ", and \(elsewhere.count - 10) more" : "")
            text += "  \(elsewhere.count) case\(elsewhere.count == 1 ? " belongs" : "s belong") to other shards: \(shown)\n"
        }
        if interrupted { text += "record: interrupted; completed fixtures were kept, rerun to record the rest\n" }
        let ok = failed == 0 && left == 0 && !interrupted && journalFailure == nil
        return CommandResult(
            report: CommandReport(command: "record", ok: ok, suites: suites, summary: summary), text: text,
            exitStatus: interrupted ? 130 : (ok ? 0 : 1)
        )
    }
}
