/// Turns a parsed command line into the command value that does the work.
enum Dispatcher {
    /// Runs `command`, then writes the report files it asked for and, in GitHub Actions, verify's annotations.
    static func execute(_ command: CommandName, _ arguments: ParsedArguments, _ environment: Environment) async throws(LiftrecError) -> CommandResult {
        var result = try await perform(command, arguments, environment)
        let redactor = SecretRedactor(variables: environment.variables)
        for (option, render) in [("markdown", MarkdownReport.render), ("junit", JUnitReport.render)] {
            guard let file = arguments.string(option) else { continue }
            do {
                try FileSystem.writeAtomically(Array(redactor.redact(render(result.report)).utf8),
                                               to: FileSystem.resolve(file, against: environment.workingDirectory))
            } catch {
                throw .io(error)
            }
        }
        if command == .verify && environment.variables["GITHUB_ACTIONS"] == "true" {
            // Actions reads workflow commands from the step's output; under --json they go to stderr so stdout stays one JSON object.
            let annotations = GitHubAnnotations.render(result.report)
            if arguments.flag("json") { environment.stderr.write(annotations) } else { result.text += annotations }
        }
        return result
    }

    /// Opens the workspace and runs `command` with `arguments`.
    private static func perform(_ command: CommandName, _ arguments: ParsedArguments, _ environment: Environment) async throws(LiftrecError) -> CommandResult {
        let style = TextStyle(mode: arguments.string("color"), variables: environment.variables, isTerminal: environment.stdout.isTerminal)
        try rejectInapplicable(command, arguments)
        // Read-only commands parse their stores while the suites are built, on another core.
        let readOnly = command == .verify || (command == .replay && !arguments.flag("serve")) || (command == .diff && arguments.string("against") != nil)
        let workspace: Workspace
        var stores: [String: Store] = [:]
        if readOnly {
            (workspace, stores) = try await Workspace.openLoadingStores(
                root: arguments.string("root"), names: arguments.strings("suite"), workingDirectory: environment.workingDirectory
            )
        } else {
            workspace = try Workspace.open(
                root: arguments.string("root"), names: arguments.strings("suite"), workingDirectory: environment.workingDirectory
            )
        }
        try checkReportFiles(arguments, workspace, environment)
        switch command {
        case .verify:
            var verify = VerifyCommand()
            verify.strict = arguments.flag("strict")
            verify.quiet = arguments.flag("quiet")
            verify.style = style
            verify.maxAge = arguments.duration("max-age")
            verify.scanner = SecretScanner(variables: environment.variables)
            return try verify.run(workspace, stores: stores, now: environment.now)
        case .prune:
            var prune = PruneCommand()
            prune.dryRun = arguments.flag("dry-run")
            prune.stale = arguments.flag("stale")
            return try prune.run(workspace, now: environment.now)
        case .replay:
            guard !arguments.flag("serve") else {
                return try await serve(arguments, workspace, environment)
            }
            guard arguments.trailing.isEmpty else {
                throw .usage("a command after '--' runs against the replay server; add --serve, as in 'liftrec replay --serve -- \(arguments.trailing.joined(separator: " "))'")
            }
            var replay = ReplayCommand()
            replay.only = arguments.strings("only")
            return try replay.run(workspace, stores: stores, stderr: environment.stderr)
        case .diff:
            let ignore = try pointers(arguments.strings("ignore"))
            guard let against = arguments.string("against") else {
                var diff = LiveDiffCommand()
                diff.ignore = ignore
                diff.samples = arguments.integer("samples") ?? 1
                diff.update = arguments.flag("update")
                diff.failOn = arguments.string("fail-on").flatMap(LiveDiffCommand.FailOn.init(rawValue:)) ?? .changed
                diff.live = LiveOptions(arguments)
                diff.style = style
                environment.interrupt.watchSignals()
                return try await diff.run(workspace, environment: environment, connect: environment.connect, interrupt: environment.interrupt)
            }
            var diff = DiffCommand()
            diff.ignore = ignore
            diff.style = style
            let path = FileSystem.resolve(against, against: environment.workingDirectory)
            guard FileSystem.exists(path) else {
                throw .usage("--against '\(against)': no such file; give the path of another store")
            }
            return try diff.run(workspace, stores: stores, against: try Store.load(path: path, display: against))
        case .record:
            if arguments.flag("adopt") {
                var adopt = AdoptCommand()
                adopt.only = arguments.strings("only")
                adopt.waitLock = arguments.decimal("wait-lock") ?? 0
                return try adopt.run(workspace, now: environment.now)
            }
            var record = RecordCommand()
            record.only = arguments.strings("only")
            record.all = arguments.flag("all")
            record.live = LiveOptions(arguments)
            record.shard = arguments.shard("shard")
            record.dedupe = arguments.flag("dedupe")
            record.dryRun = arguments.flag("dry-run")
            environment.interrupt.watchSignals()
            return try await record.run(workspace, environment: environment, connect: environment.connect, interrupt: environment.interrupt)
        }
    }

    private static func serve(_ arguments: ParsedArguments, _ workspace: Workspace, _ environment: Environment) async throws(LiftrecError) -> CommandResult {
        var serve = ServeCommand()
        serve.only = arguments.strings("only")
        serve.host = arguments.string("host") ?? serve.host
        serve.port = arguments.integer("port") ?? serve.port
        serve.maxBody = arguments.integer("max-body") ?? serve.maxBody
        serve.latency = try arguments.string("latency").map { (text) throws(LiftrecError) in try ReplayLatency(parsing: text) } ?? .none
        serve.failEvery = arguments.integer("fail-every")
        serve.strict = arguments.flag("strict")
        serve.upstream = arguments.string("upstream")
        serve.recordMissing = arguments.flag("record-missing")
        serve.command = arguments.trailing
        serve.json = arguments.flag("json")
        return try await serve.run(workspace, environment: environment)
    }

    // An option that a mode ignores would silently do nothing; saying so saves a user from trusting it.
    private static func rejectInapplicable(_ command: CommandName, _ arguments: ParsedArguments) throws(LiftrecError) {
        let (mode, options, fix): (String, [String], String)
        switch command {
        case .replay where !arguments.flag("serve"):
            (mode, options, fix) = ("with --serve", ["host", "port", "max-body", "latency", "fail-every", "strict", "upstream", "record-missing"], "add --serve")
        case .diff where arguments.string("against") != nil:
            (mode, options, fix) = ("to a live diff, without --against", ["endpoint", "samples", "update", "fail-on", "concurrency", "retries", "timeout", "max-cost"], "drop --against to diff against the endpoint")
        default:
            return
        }
        if let given = options.first(where: arguments.isGiven) {
            throw .usage("--\(given) only applies \(mode); \(fix), or leave --\(given) out")
        }
    }

    // A report written over a suite, store or journal would destroy what the command just read or recorded.
    private static func checkReportFiles(_ arguments: ParsedArguments, _ workspace: Workspace, _ environment: Environment) throws(LiftrecError) {
        var protected: Set<String> = []
        for suite in workspace.allSuites {
            protected.insert(ProjectLayout.normalized(ProjectLayout.suitePath(root: workspace.root, name: suite.name)))
            for path in [suite.storePath, Journal.path(for: suite.storePath), StoreLock.lockPath(for: suite.storePath)] {
                protected.insert(ProjectLayout.normalized(path))
            }
        }
        for option in ["markdown", "junit"] {
            guard let file = arguments.string(option) else { continue }
            if protected.contains(ProjectLayout.normalized(FileSystem.resolve(file, against: environment.workingDirectory))) {
                throw .usage("--\(option) '\(file)' is a suite or store file liftrec reads; write the report somewhere else, such as reports/liftrec.\(option == "junit" ? "xml" : "md")")
            }
        }
    }

    private static func pointers(_ texts: [String]) throws(LiftrecError) -> [JSONPointer] {
        var result: [JSONPointer] = []
        for text in texts {
            guard let pointer = JSONPointer(parsing: text) else {
                throw .usage("--ignore '\(text)' is not a JSON pointer; write it like /signature/parameters/0/type_hint")
            }
            result.append(pointer)
        }
        return result
    }
}
