/// `liftrec record`: sends the missing and stale cases to the endpoint and stores every valid reply durably.
struct RecordCommand: Sendable {
    /// Only these case keys (all when empty).
    var only: [String] = []
    /// Re-record fresh cases too.
    var all = false
    /// This run's share of the cases, `(index, count)` with 1-based index.
    var shard: (index: Int, count: Int)?
    /// Send identical requests once and give every key that asked the same reply.
    var dedupe = false
    /// Print the plan and its cost, send nothing.
    var dryRun = false
    /// Ask for streamed replies, in protocols that stream, and keep their events.
    var stream = false
    /// Fixtures recorded longer ago than this many seconds are recorded again (`--max-age`).
    var maxAge: Double?

    /// Endpoint, concurrency, retries, timeouts, budget and output options.
    var live = LiveOptions()

    /// A record run with default options.
    init() {}

    /// Plans, preflights and records, returning the report; the exit status is 130 when interrupted.
    ///
    /// The stores stay locked for the whole run, and any journal a killed run left is folded in even when nothing
    /// is due; a dry run takes no lock and writes nothing.
    func run(_ workspace: Workspace, environment: Environment, reporter: Reporter) async throws(LiftrecError) -> CommandResult {
        try CaseSelection.check(only: only, in: workspace.selected)
        // Every selected suite needs an endpoint, even when nothing is due: a misconfigured job fails now, not next week.
        for suite in workspace.selected {
            for group in CaseSelection.byProtocol(Array(suite.cases.indices), of: suite.cases) {
                _ = try EndpointChoice.resolve(flags: live.endpointFlags, variables: environment.variables, suite: suite, speaking: group.wireProtocol)
            }
        }
        let started = environment.now()
        if dryRun { return try planOnly(workspace, environment: environment) }
        let transaction = try await StoreTransaction.open(workspace.selectedStores, writing: true, wait: live.waitLock, environment: environment)
        // A learning run killed midway left its cases in the suite's journal: the next writer folds them in.
        for suite in workspace.selected { try SuiteLoader(root: workspace.root).foldJournal(name: suite.name) }
        let plan = RecordPlan(workspace: workspace, stores: transaction.stores, only: only, all: all, shard: shard, expiry: expiry(environment))
        var session = RecordSession(plan: plan, transaction: transaction, redactor: reporter.redactor, progress: reporter.progress(), now: environment.now)
        defer { session.transaction.close() }
        for (suite, key, reason) in plan.skipped where reason == .legacy {
            session.progress.event("skipped \(suite)/\(key): \(reason.rawValue)")
        }
        let budget = CostBudget(limit: live.maxCost)
        let interrupt = environment.interrupt

        for group in try endpointGroups(plan, variables: environment.variables) where !interrupt.isRaised && session.journalFailure == nil {
            let connection = try live.connection(group.choice, speaking: group.wireProtocol, environment: environment, connect: environment.connect)
            let model = try await connection.preflight(progress: &session.progress, interrupt: interrupt)
            var client = connection.client
            client.streams = stream
            for path in Set(group.items.map { plan.items[$0].suite.storePath }) {
                _ = try session.transaction.journal(for: path)
            }
            let warmups = group.items.filter { plan.items[$0].suiteCase.warmup }
            let rest = group.items.filter { !plan.items[$0].suiteCase.warmup }
            for (batch, limit) in [(warmups, 1), (rest, live.concurrency)] where !batch.isEmpty && !interrupt.isRaised && session.journalFailure == nil {
                let calls = dedupe ? Self.deduplicated(batch, plan: plan) : batch.map { [$0] }
                let scheduler = live.scheduler(client, concurrency: limit, budget: budget, interrupt: interrupt, environment: environment)
                await scheduler.run(
                    bodies: calls.map { plan.items[$0[0]].suiteCase.requestBody },
                    models: calls.map { plan.items[$0[0]].suiteCase.request.model },
                    countingUsage: calls.map { plan.items[$0[0]].suiteCase.request.isShorthand },
                    costs: calls.map { plan.items[$0[0]].suite.usdPerRequest ?? 0 },
                    labels: calls.map { "\(plan.items[$0[0]].suite.name)/\(plan.items[$0[0]].suiteCase.key)" },
                    started: { _ in session.inFlight += 1; session.showStatus(budget: budget) },
                    finished: { index, result in
                        session.inFlight -= 1
                        for (position, item) in calls[index].enumerated() {
                            session.settle(item, result: result, endpoint: group.choice.storedName, model: model, sharesCall: position > 0)
                        }
                        session.showStatus(budget: budget)
                        // Money is never spent on a reply that cannot be kept.
                        return session.journalFailure == nil ? nil : .journal
                    }
                )
            }
        }
        session.progress.clear()
        if let failure = session.journalFailure {
            reporter.stderr.line("liftrec: " + session.keepAfterJournalFailure(failure))
        } else {
            try session.transaction.commit()
        }
        return session.result(interrupted: interrupt.isRaised, budget: budget, wallSeconds: environment.now() - started, maxCost: live.maxCost)
    }

    private func expiry(_ environment: Environment) -> FixtureCheck.Expiry? {
        maxAge.map { FixtureCheck.Expiry(maxAge: $0, now: environment.now()) }
    }

    private func planOnly(_ workspace: Workspace, environment: Environment) throws(LiftrecError) -> CommandResult {
        let variables = environment.variables
        let stores = try workspace.loadSelectedStores()
        let plan = RecordPlan(workspace: workspace, stores: stores, only: only, all: all, shard: shard, expiry: expiry(environment))
        var text = ""
        var report: [String: SuiteReport] = [:]
        for item in plan.items {
            text += "would record \(item.suite.name)/\(item.suiteCase.key) (\(item.reason))\n"
            report[item.suite.name, default: SuiteReport(name: item.suite.name, store: item.suite.storeDisplay)]
                .cases.append(CaseReport(key: item.suiteCase.key, status: .planned, details: JSONObject([("reason", .string(item.reason))])))
        }
        // The endpoint is resolved as the real run would, so a dry run catches a missing or malformed one.
        let endpoints = try endpointGroups(plan, variables: variables).map(\.choice.storedName)
        let calls = (dedupe ? Self.deduplicated(Array(plan.items.indices), plan: plan).map { $0[0] } : Array(plan.items.indices))
        let requests = calls.count
        let cost = calls.reduce(0.0) { $0 + (plan.items[$1].suite.usdPerRequest ?? 0) }
        text += "record --dry-run: \(plan.items.count) to record in \(requests) request\(requests == 1 ? "" : "s"), "
            + "\(plan.skipped.count) skipped, estimated cost $\(Self.dollars(cost)) (before retries)"
            + (endpoints.isEmpty ? "" : " from \(endpoints.joined(separator: ", "))") + "; nothing was sent\n"
        if let maxCost = live.maxCost, cost > maxCost + 1e-12 {
            let budget = CostBudget(limit: maxCost)
            let affordable = calls.prefix { budget.reserve(plan.items[$0].suite.usdPerRequest ?? 0) }.count
            text += "record --dry-run: --max-cost $\(Self.dollars(maxCost)) covers \(affordable) of those requests; the rest would be left unrecorded\n"
        }
        let summary = JSONObject([
            ("planned", .number(JSONNumber(plan.items.count))), ("requests", .number(JSONNumber(requests))),
            ("skipped", .number(JSONNumber(plan.skipped.count))), ("estimated_cost_usd", .number(JSONNumber(text: Self.dollars(cost)))),
        ])
        let suites = workspace.selected.compactMap { report[$0.name] }
        return CommandResult(report: CommandReport(command: "record", ok: true, suites: suites, summary: summary), text: text, exitStatus: 0)
    }

    private struct EndpointGroup {
        let choice: EndpointChoice
        let wireProtocol: any WireProtocol
        var items: [Int]
    }

    private func endpointGroups(_ plan: RecordPlan, variables: [String: String]) throws(LiftrecError) -> [EndpointGroup] {
        var groups: [EndpointGroup] = []
        var choices: [String: EndpointChoice] = [:]
        for (index, item) in plan.items.enumerated() {
            let wireProtocol = item.suiteCase.wireProtocol
            let choice: EndpointChoice
            if let known = choices[item.suite.name + "\u{0}" + wireProtocol.name] {
                choice = known
            } else {
                choice = try EndpointChoice.resolve(flags: live.endpointFlags, variables: variables, suite: item.suite, speaking: wireProtocol)
                choices[item.suite.name + "\u{0}" + wireProtocol.name] = choice
            }
            // One client per protocol and credentials: two suites on one endpoint may send different keys.
            if let position = groups.firstIndex(where: {
                $0.choice == choice && $0.wireProtocol.name == wireProtocol.name && $0.wireProtocol.credentialVariables == wireProtocol.credentialVariables
            }) {
                groups[position].items.append(index)
            } else {
                groups.append(EndpointGroup(choice: choice, wireProtocol: wireProtocol, items: [index]))
            }
        }
        return groups
    }

    /// Groups plan indices that send the identical request, so each group costs one call.
    static func deduplicated(_ indices: [Int], plan: RecordPlan) -> [[Int]] {
        var groups: [[Int]] = []
        var position: [String: Int] = [:]
        for index in indices {
            let fingerprint = plan.items[index].suiteCase.fingerprint.request
            if let existing = position[fingerprint] {
                groups[existing].append(index)
            } else {
                position[fingerprint] = groups.count
                groups.append([index])
            }
        }
        return groups
    }

    /// Dollars with up to six decimals, as plain number text.
    static func dollars(_ amount: Double) -> String {
        let micro = Int((amount * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }
}
