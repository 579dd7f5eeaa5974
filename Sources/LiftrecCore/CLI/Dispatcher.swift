/// Turns a checked command line into the command value of its mode, and runs it.
///
/// This is the one layer that reads option values: each mode's options become the fields of its command, read
/// through the option specs, so a misspelt option name cannot compile.
enum Dispatcher {
    /// Opens the workspace and runs `mode` with `arguments`.
    static func run(_ mode: CommandMode, _ arguments: ParsedArguments, _ environment: Environment, _ reporter: Reporter) async throws(LiftrecError) -> CommandResult {
        let common = CommonOptions(arguments)
        // Two store files can be compared anywhere, with no project around them.
        if mode == .storeDiff, arguments.isGiven(.store), common.root == nil, common.suites.isEmpty,
           !ProjectLayout.isInsideProject(environment.workingDirectory) {
            let diff = try storeDiff(arguments, reporter)
            return diff.run(try storeFile(.store, arguments, environment), against: try storeFile(.against, arguments, environment))
        }
        let workspace: Workspace
        var stores: [String: Store] = [:]
        // Read-only modes parse their stores while the suites are built, on another core.
        if [.verify, .replay, .storeDiff].contains(mode) {
            (workspace, stores) = try await Workspace.openLoadingStores(
                root: common.root, names: common.suites, workingDirectory: environment.workingDirectory
            )
        } else {
            // Only prune --stale of the commands here compares requests with fixtures; prune alone needs keys.
            workspace = try Workspace.open(
                root: common.root, names: common.suites, workingDirectory: environment.workingDirectory,
                fingerprints: mode != .prune || arguments.flag(.stale), startingProject: mode == .serve && arguments.isGiven(.learn)
            )
        }
        // A suite's auth_env may name any variable: its value is as secret as MODAL_KEY's.
        reporter.cover(workspace.credentialVariables.compactMap { environment.variables[$0] })
        try checkReportFiles(reportFiles(arguments), workspace, environment, json: common.json)
        switch mode {
        case .verify:
            var verify = VerifyCommand()
            verify.strict = arguments.flag(.strictVerify)
            verify.quiet = common.quiet
            verify.style = reporter.style
            verify.maxAge = arguments.duration(.maxAge)
            verify.scanner = SecretScanner(variables: environment.variables, keyVariables: workspace.credentialVariables)
            return try verify.run(workspace, stores: consume stores, now: environment.now)
        case .prune:
            var prune = PruneCommand()
            prune.dryRun = arguments.flag(.dryRunPrune)
            prune.stale = arguments.flag(.stale)
            if let receipt = arguments.string(.unusedIn) {
                prune.unused = try unusedFixtures(in: receipt, environment)
            }
            return try await prune.run(workspace, environment: environment)
        case .replay:
            var replay = ReplayCommand()
            replay.only = arguments.strings(.onlyReplay)
            return try replay.run(workspace, stores: stores, stderr: reporter.stderr)
        case .serve:
            var serve = ServeCommand()
            serve.only = arguments.strings(.onlyReplay)
            serve.host = arguments.string(.host) ?? serve.host
            serve.port = arguments.integer(.port) ?? serve.port
            serve.maxBody = arguments.integer(.maxBody) ?? serve.maxBody
            serve.latency = try arguments.string(.latency).map { (text) throws(LiftrecError) in try ReplayLatency(parsing: text) } ?? .none
            serve.streamTiming = try arguments.string(.streamTiming).map { (text) throws(LiftrecError) in try ReplayStreamTiming(parsing: text) } ?? .none
            serve.failEvery = arguments.integer(.failEvery)
            serve.strict = arguments.flag(.strictServe)
            serve.upstreams = arguments.strings(.upstream)
            serve.recordMissing = arguments.flag(.recordMissing)
            serve.learn = arguments.string(.learn)
            serve.command = arguments.trailing
            return try await serve.run(workspace, environment: environment, reporter: reporter)
        case .storeDiff:
            let diff = try storeDiff(arguments, reporter)
            let other = try storeFile(.against, arguments, environment)
            if arguments.isGiven(.store) {
                let left = try storeFile(.store, arguments, environment)
                for (path, _) in workspace.selectedStores { stores[path] = left }
            }
            return try diff.run(workspace, stores: stores, against: other)
        case .liveDiff:
            var diff = LiveDiffCommand()
            diff.ignore = try pointers(arguments.strings(.ignore))
            diff.samples = arguments.integer(.samples) ?? diff.samples
            diff.update = arguments.flag(.update)
            diff.failOn = failOn(arguments)
            diff.live = liveOptions(arguments, common)
            try checkCertificateFlag(diff.live, environment)
            if environment.receivesSignals { environment.interrupt.watchSignals() }
            return try await diff.run(workspace, environment: environment, reporter: reporter)
        case .adopt:
            var adopt = AdoptCommand()
            adopt.only = arguments.strings(.onlyRecord)
            adopt.waitLock = arguments.decimal(.waitLock) ?? 0
            adopt.dryRun = arguments.flag(.dryRunRecord)
            return try await adopt.run(workspace, environment: environment)
        case .merge:
            var merge = MergeCommand()
            merge.waitLock = arguments.decimal(.waitLock) ?? 0
            var inputs: [Store] = []
            for text in arguments.operands {
                let path = FileSystem.resolve(text, against: environment.workingDirectory)
                guard FileSystem.exists(path) else { throw .usage("\(singleQuoted(text)): no such file; give the path of a shard's store") }
                inputs.append(try Store.load(path: path, display: text))
            }
            return try await merge.run(workspace, inputs: inputs, environment: environment)
        case .record, .plan:
            var record = RecordCommand()
            record.only = arguments.strings(.onlyRecord)
            record.all = arguments.flag(.all)
            record.live = liveOptions(arguments, common)
            try checkCertificateFlag(record.live, environment)
            record.shard = arguments.shard(.shard)
            record.dedupe = arguments.flag(.dedupe)
            record.stream = arguments.flag(.streamRecord)
            record.dryRun = arguments.flag(.dryRunRecord)
            record.maxAge = arguments.duration(.maxAgeRecord)
            if environment.receivesSignals { environment.interrupt.watchSignals() }
            return try await record.run(workspace, environment: environment, reporter: reporter)
        }
    }

    private static func failOn(_ arguments: ParsedArguments) -> LiveDiffCommand.FailOn {
        arguments.string(.failOn).flatMap(LiveDiffCommand.FailOn.init(rawValue:)) ?? .changed
    }

    private static func storeDiff(_ arguments: ParsedArguments, _ reporter: Reporter) throws(LiftrecError) -> DiffCommand {
        var diff = DiffCommand()
        diff.ignore = try pointers(arguments.strings(.ignore))
        diff.style = reporter.style
        diff.failOn = failOn(arguments)
        return diff
    }

    // A store named on the command line: it must exist, since comparing with nothing is a typing mistake.
    private static func storeFile(_ option: OptionSpec, _ arguments: ParsedArguments, _ environment: Environment) throws(LiftrecError) -> Store {
        let text = arguments.string(option) ?? ""
        let path = FileSystem.resolve(text, against: environment.workingDirectory)
        guard FileSystem.exists(path) else {
            throw .usage("\(option.spelling) \(singleQuoted(text)): no such file; give the path of a store file")
        }
        return try Store.load(path: path, display: text)
    }

    // The cases a replay --serve receipt lists as unused, by suite name.
    private static func unusedFixtures(in receipt: String, _ environment: Environment) throws(LiftrecError) -> [String: Set<String>] {
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

    /// The report files `arguments` ask for.
    static func reportFiles(_ arguments: ParsedArguments) -> ReportFiles {
        ReportFiles(markdown: arguments.string(.markdown), junit: arguments.string(.junit), receipt: arguments.string(.receipt))
    }

    private static func liveOptions(_ arguments: ParsedArguments, _ common: CommonOptions) -> LiveOptions {
        var live = LiveOptions()
        live.endpointFlags = arguments.strings(.endpoint)
        live.caCertificateFlag = arguments.string(.cacert)
        live.concurrency = arguments.integer(.concurrency) ?? live.concurrency
        live.retries = arguments.integer(.retries) ?? live.retries
        live.timeout = arguments.decimal(.timeout) ?? live.timeout
        live.warmupTimeout = arguments.decimal(.warmupTimeout) ?? live.warmupTimeout
        live.maxCost = arguments.decimal(.maxCost)
        live.waitLock = arguments.decimal(.waitLock) ?? live.waitLock
        live.quiet = common.quiet
        live.verbose = common.verbose
        return live
    }

    // A --cacert typo is found now, not when the first real recording is finally due; the variables are checked
    // where they are used, since they may be meant for another tool.
    private static func checkCertificateFlag(_ live: LiveOptions, _ environment: Environment) throws(LiftrecError) {
        guard let flag = live.caCertificateFlag else { return }
        _ = try CertificateBundle.resolve(flag: flag, variables: [:], workingDirectory: environment.workingDirectory)
    }

    // A report written over a suite, store or journal would destroy what the command just read or recorded, and a report
    // into a missing directory would fail only after the work was done.
    private static func checkReportFiles(_ files: ReportFiles, _ workspace: Workspace, _ environment: Environment, json: Bool) throws(LiftrecError) {
        // Stdout holds one document: the text report, the --json object, or at most one report file given as -.
        let toStdout = files.requested.filter { $0.path == "-" }.map(\.option.spelling)
        if json, let first = toStdout.first {
            throw .usage("\(first) - would mix a report into the one JSON object --json prints on stdout; write it to a file, or leave out --json")
        }
        if toStdout.count > 1 {
            throw .usage("\(toStdout.joined(separator: " and ")) both write to stdout (-); give all but one of them a file")
        }
        var protected: Set<String> = []
        for suite in workspace.allSuites {
            protected.insert(ProjectLayout.normalized(ProjectLayout.suitePath(root: workspace.root, name: suite.name)))
            for path in [suite.storePath, Journal.path(for: suite.storePath), StoreLock.lockPath(for: suite.storePath)] {
                protected.insert(ProjectLayout.normalized(path))
            }
        }
        for (file, option) in files.requested where file != "-" {
            let path = FileSystem.resolve(file, against: environment.workingDirectory)
            if protected.contains(ProjectLayout.normalized(path)) {
                throw .usage("\(option.spelling) \(singleQuoted(file)) is a suite or store file liftrec reads; write the report somewhere else, such as reports/liftrec.\(option == .junit ? "xml" : "md")")
            }
            // Checked before any work, so a typo in a directory name costs no requests.
            if !FileSystem.exists(path), !FileSystem.isDirectory(FileSystem.directoryName(path)) {
                throw .usage("\(option.spelling) \(singleQuoted(file)): directory \(singleQuoted(FileSystem.directoryName(file))) does not exist; create it first")
            }
        }
    }

    private static func pointers(_ texts: [String]) throws(LiftrecError) -> [JSONPointer] {
        var result: [JSONPointer] = []
        for text in texts {
            guard let pointer = JSONPointer(parsing: text) else {
                throw .usage("--ignore \(singleQuoted(text)) is not a JSON pointer; write it like /signature/parameters/0/type_hint")
            }
            result.append(pointer)
        }
        return result
    }
}
