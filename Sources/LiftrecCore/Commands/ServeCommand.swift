import Glibc

/// `liftrec replay --serve`: impersonates the endpoint over HTTP from the stored fixtures until SIGINT or SIGTERM,
/// or while a command given after `--` runs against it.
///
/// Decisions: the generate URL is the first line on stdout (on stderr when a command owns stdout); `--upstream`
/// alone forwards misses without storing them, and `--record-missing` (which needs `--upstream`) stores the
/// replies to requests a served case makes, validated, redacted and journaled as `record` stores them; a
/// forwarded or recorded request still counts as a miss for `--strict`.
struct ServeCommand: Sendable {
    /// Only these case keys are served (all when empty).
    var only: [String] = []
    /// Numeric address to listen on.
    var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one.
    var port = 0
    /// Largest request body accepted, in bytes; larger ones get a 413.
    var maxBody = 16 << 20
    /// Delay before each generate reply.
    var latency = ReplayLatency.none
    /// The pace of a streamed answer's events.
    var streamTiming = ReplayStreamTiming.none
    /// Every N-th generate request gets a 500.
    var failEvery: Int?
    /// Any miss makes the exit status 1 (when it would otherwise be 0).
    var strict = false
    /// The `--upstream` texts: a URL or `sim[:...]`, each optionally after `PROTOCOL=`.
    var upstreams: [String] = []
    /// Store the upstream's replies.
    var recordMissing = false
    /// The suite that requests no case answers are learned into (`--learn SUITE`).
    var learn: String?
    /// The command to run while serving, empty to serve until a signal.
    var command: [String] = []

    /// Open connections allowed at once; one more is answered 503 and closed.
    static let maxConnections = 512

    /// A serve run with default options.
    init() {}

    /// Serves until a signal or until the command exits, then saves what was recorded and reports.
    func run(_ workspace: Workspace, environment: Environment, reporter: Reporter) async throws(LiftrecError) -> CommandResult {
        try CaseSelection.check(only: only, in: workspace.selected)
        guard !recordMissing || !upstreams.isEmpty else {
            throw .usage("--record-missing needs --upstream URL (or --upstream sim) to ask for the replies it stores")
        }
        guard learn == nil || recordMissing else {
            throw .usage("--learn needs --upstream URL|sim and --record-missing, to ask for the replies of the cases it learns and keep them")
        }
        let learnerAtStart = try learn.map { (name) throws(LiftrecError) in try SuiteLearner(name: name, root: workspace.root) }
        if let learner = learnerAtStart {
            // Learning may start a project: its suite and store folders are made now, before anything is paid for.
            do {
                try FileSystem.createDirectories(FileSystem.directoryName(learner.suitePath))
                try FileSystem.createDirectories(FileSystem.directoryName(learner.storePath))
            } catch {
                throw .io(error)
            }
        }
        var targets = workspace.selectedStores
        if let learner = learnerAtStart, !targets.contains(where: { $0.path == learner.storePath }) {
            targets.append((learner.storePath, ProjectLayout.display(learner.storePath, root: workspace.root)))
        }
        // Only a server that records holds the locks: a plain replay server must not keep record from running.
        return try await StoreTransaction.run(targets, writing: recordMissing, wait: 0, environment: environment) {
            (transaction: inout StoreTransaction) async throws(LiftrecError) -> CommandResult in
            // The suite's journal is opened under its store's lock, and removed before the lock goes if it stayed empty.
            var learner = learnerAtStart
            defer { if let learner { Journal.removeIfEmpty(storePath: learner.suitePath) } }
            try learner?.openJournal(writes: environment.fileWrites)
            if recordMissing {
                for (path, _) in targets { _ = try transaction.journal(for: path) }
            }
            return try await serve(workspace, learner: learner, transaction: &transaction, environment: environment, reporter: reporter)
        }
    }

    /// What the replay service does beyond answering from fixtures, as far as the options alone decide it: delays,
    /// stream pace and injected failures.
    var serviceOptions: ReplayService.Options {
        var options = ReplayService.Options()
        options.latency = latency
        options.streamTiming = streamTiming
        options.failEvery = failEvery
        return options
    }

    private func serve(
        _ workspace: Workspace, learner: SuiteLearner?, transaction: inout StoreTransaction, environment: Environment, reporter: Reporter
    ) async throws(LiftrecError) -> CommandResult {
        var options = serviceOptions
        options.learner = learner
        options.variables = environment.variables
        if !upstreams.isEmpty {
            options.upstream = try await connect(upstreams, environment: environment)
        }
        let service = ReplayService(
            suites: workspace.selected, stores: transaction.stores, only: only, options: options, journals: transaction.openJournals,
            redactor: reporter.redactor, stderr: reporter.stderr, now: environment.now, monotonic: environment.monotonic
        )
        var configuration = HTTPServerConfiguration(host: host, port: port)
        configuration.maxBodyBytes = maxBody
        configuration.maxConnections = Self.maxConnections
        // Leaves room inside the 2 s a stop may take for saving what was recorded.
        configuration.stopTimeout = .milliseconds(1500)
        let lifetime = ServeLifetime()
        if environment.receivesSignals { lifetime.watchSignals() }
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: configuration, handler: service.handle)
            try server.start()
        } catch {
            throw .usage("--host \(singleQuoted(host)) --port \(port): \(error.description)")
        }
        if !Self.isLoopback(host) {
            reporter.warning("listening on \(host), which other machines may reach; the replay server has no authentication")
        }
        let origin = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)"
        let url = origin + "/generate"
        let end: ServeLifetime.End
        if command.isEmpty {
            reporter.stdout.line(url)
            end = await lifetime.wait()
        } else {
            reporter.stderr.line("liftrec: serving fixtures at \(url) while running \(quoted(command.joined(separator: " ")))")
            var variables = environment.variables
            for wireProtocol in WireProtocols.all {
                variables.merge(wireProtocol.clientVariables(origin: origin, existing: environment.variables)) { _, new in new }
            }
            do {
                lifetime.expectChild()
                lifetime.adopt(try ChildProcess.spawn(command, environment: variables))
                end = await lifetime.wait()
            } catch {
                reporter.stderr.line("liftrec: " + error.message)
                end = .commandExited(status: error.exitStatus)
            }
        }
        server.stop()
        await BlockingCall.run { server.waitUntilStopped() }
        let recorded = service.close()
        transaction.adopt(Dictionary(uniqueKeysWithValues: recorded.map { ($0.path, $0) }), changed: Set(recorded.map(\.path)))
        // A journal a killed run left is folded in too, even when this run learned nothing; a suite that learned
        // nothing and had no such journal is neither created nor rewritten.
        if let learned = service.learnedSuite(), learned.count > 0 || Journal.holdsEntries(storePath: learned.suitePath) {
            try learned.save()
            reporter.stderr.line("replay: learned \(learned.count) case\(learned.count == 1 ? "" : "s") into \(ProjectLayout.display(learned.suitePath, root: workspace.root))")
        }
        let statistics = service.statistics()
        var commandStatus: Int32?
        if case .commandExited(let exited) = end { commandStatus = exited }
        var status = commandStatus ?? 0
        if strict && statistics.misses > 0 && status == 0 { status = 1 }
        if let failure = service.journalFailure {
            if status == 0 { status = 1 }
            reporter.stderr.line("liftrec: replay: stopped asking the upstream for replies to record because \(failure); "
                + "\(statistics.recorded) \(statistics.recorded == 1 ? "reply was" : "replies were") kept; free space and serve with --record-missing again to record the rest")
        }
        let learnFailures = service.learnFailures
        if !learnFailures.isEmpty {
            if status == 0 { status = 1 }
            for failure in learnFailures {
                reporter.stderr.line("liftrec: replay: not learned \(failure); the client got the upstream's reply")
            }
        }
        if !reporter.json {
            reporter.stderr.write(statistics.text)
        }
        if !command.isEmpty && !reporter.json {
            reporter.stderr.write(Self.receiptText(statistics))
        }
        // A green run that used no fixture proved nothing about the code it tested.
        if strict && statistics.hits == 0 && !command.isEmpty {
            if status == 0 { status = 1 }
            reporter.stderr.line("replay: --strict: no request used a fixture, so the run proved nothing about them")
        }
        if strict && statistics.misses > 0 {
            // Under --json the statistics stay off stderr, but --strict still names what failed the run.
            if reporter.json { reporter.stderr.write(statistics.missText) }
            reporter.stderr.line("replay: --strict: \(statistics.misses) request\(statistics.misses == 1 ? "" : "s") found no fixture")
        }
        let report = report(statistics, workspace: workspace, url: url, status: status, commandStatus: commandStatus)
        return CommandResult(report: report, text: "", exitStatus: status)
    }

    /// The run receipt's text: how many requests each fixture answered, and the fixtures no request used.
    static func receiptText(_ statistics: ReplayStatistics) -> String {
        let used = statistics.cases.filter { $0.hits > 0 }
        let unused = statistics.cases.filter { $0.hits == 0 }
        var text = "replay: receipt: \(used.count) of \(statistics.cases.count) fixture\(statistics.cases.count == 1 ? "" : "s") answered requests"
        text += used.isEmpty ? "\n" : ": " + used.map { "\($0.suite)/\($0.key) ×\($0.hits)" }.joined(separator: ", ") + "\n"
        if !unused.isEmpty {
            text += "replay: receipt: no request used \(unused.map { "\($0.suite)/\($0.key)" }.joined(separator: ", ")); "
                + "'liftrec prune --unused-in RECEIPT' removes them, given --receipt RECEIPT\n"
        }
        return text
    }

    // The upstream's targets: `PROTOCOL=URL` for one protocol, a plain URL or `sim` for every other. Only a Modal
    // generate URL is health-checked, as today: chat APIs have no cheap check, and sim answers everything.
    private func connect(_ texts: [String], environment: Environment) async throws(LiftrecError) -> ReplayUpstream {
        var targets: [String: ReplayUpstream.Target] = [:]
        var fallback: ReplayUpstream.Target?
        for text in texts {
            let (wireProtocol, given) = try WireProtocols.scoped(text, option: "--upstream")
            let target = try await self.target(given, for: wireProtocol, environment: environment)
            if let wireProtocol {
                guard targets[wireProtocol.name] == nil else { throw .usage("--upstream gives \(wireProtocol.name) twice; give each protocol one URL") }
                targets[wireProtocol.name] = target
            } else {
                guard fallback == nil else { throw .usage("--upstream gives two URLs for every protocol; give one, and PROTOCOL=URL for the others") }
                fallback = target
            }
        }
        return ReplayUpstream(targets: targets, fallback: fallback, records: recordMissing)
    }

    private func target(_ text: String, for wireProtocol: (any WireProtocol)?, environment: Environment) async throws(LiftrecError) -> ReplayUpstream.Target {
        let choice: EndpointChoice
        if text == "sim" || text.hasPrefix("sim:") {
            choice = .simulator(try SimulatorSettings(parsing: text), text: text)
        } else {
            do {
                choice = .remote(try EndpointURL(parsing: text))
            } catch {
                throw .usage("--upstream: \(error.description)")
            }
        }
        let transport = environment.connect(choice)
        guard case .remote(let url) = choice else {
            return ReplayUpstream.Target(transport: transport, url: SimulatedEndpoint.origin, name: choice.storedName, model: SimulatedEndpoint.model)
        }
        let modal = ModalProtocol()
        guard wireProtocol.map({ $0.name == modal.name }) ?? true, modal.upstreamIsRoute(url) else {
            return ReplayUpstream.Target(transport: transport, url: url, name: choice.storedName, model: nil)
        }
        let connection = EndpointConnection(choice: choice, speaking: modal, environment: environment, connect: { _ in transport }, timeout: 180, warmupTimeout: 600)
        let health = await connection.client.health()
        guard case .reply(let status) = health else {
            throw .endpoint("health check of the upstream \(choice.storedName) failed: \(health.failureMessage ?? "no reply"); check --upstream")
        }
        return ReplayUpstream.Target(transport: transport, url: url, name: choice.storedName, model: status["model"]?.stringValue)
    }

    private func report(_ statistics: ReplayStatistics, workspace: Workspace, url: String, status: Int32, commandStatus: Int32?) -> CommandReport {
        let suites = workspace.selected.map { suite in
            SuiteReport(name: suite.name, store: suite.storeDisplay, cases: statistics.cases.filter { $0.suite == suite.name }.map {
                CaseReport(key: $0.key, status: $0.hits > 0 ? .hit : .unused, details: JSONObject([("hits", .number(JSONNumber($0.hits)))]))
            })
        }
        var summary = JSONObject([("url", .string(url))] + statistics.totals)
        summary["missed"] = statistics.missedJSON
        if let commandStatus { summary["command_status"] = .number(JSONNumber(Int(commandStatus))) }
        return CommandReport(command: "replay", ok: status == 0, suites: suites, summary: summary)
    }

    private static func isLoopback(_ host: String) -> Bool {
        host == "::1" || host.hasPrefix("127.")
    }
}
