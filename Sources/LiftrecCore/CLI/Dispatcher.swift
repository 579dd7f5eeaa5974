/// Turns a checked command line into the command value of its mode, and runs it.
///
/// Each mode's command is built from the parsed arguments by that command's own initialiser (`CommandArguments.swift`);
/// what remains here is what spans commands: opening the workspace, loading stores named on the command line, and
/// checking report files before any work.
enum Dispatcher {
    /// Opens the workspace and runs `mode` with `arguments`.
    static func run(_ mode: CommandMode, _ arguments: ParsedArguments, _ environment: Environment, _ reporter: Reporter) async throws(LiftrecError) -> CommandResult {
        let common = CommonOptions(arguments)
        // Two store files can be compared anywhere, with no project around them.
        if mode == .storeDiff, arguments[.store] != nil, common.root == nil, common.suites.isEmpty,
           !ProjectLayout.isInsideProject(environment.workingDirectory) {
            let diff = try DiffCommand(arguments, style: reporter.style)
            return diff.run(try storeFile(.store, arguments, environment), against: try storeFile(.against, arguments, environment))
        }
        let workspace: Workspace
        var stores: [String: Store] = [:]
        var documents: [String: JSONDocument] = [:]
        // Read-only modes parse their stores while the suites are built, on another core; verify reads its stores
        // a piece at a time, and searches the suite files it parsed for secrets.
        if mode == .verify {
            (workspace, documents) = try Workspace.openKeepingDocuments(
                root: common.root, names: common.suites, workingDirectory: environment.workingDirectory
            )
        } else if [.replay, .storeDiff].contains(mode) {
            (workspace, stores) = try await Workspace.openLoadingStores(
                root: common.root, names: common.suites, workingDirectory: environment.workingDirectory
            )
        } else {
            // Only prune --stale of the commands here compares requests with fixtures; prune alone needs keys.
            workspace = try Workspace.open(
                root: common.root, names: common.suites, workingDirectory: environment.workingDirectory,
                fingerprints: mode != .prune || arguments[.stale], startingProject: mode == .serve && arguments[.learn] != nil
            )
        }
        // A suite's auth_env may name any variable: its value is as secret as MODAL_KEY's.
        reporter.cover(workspace.credentialVariables.compactMap { environment.variables[$0] })
        try checkReportFiles(reportFiles(arguments), workspace, environment, json: common.json)
        switch mode {
        case .verify:
            let scanner = SecretScanner(variables: environment.variables, keyVariables: workspace.credentialVariables)
            return try VerifyCommand(arguments, style: reporter.style, scanner: scanner).run(workspace, documents: consume documents, now: environment.now)
        case .prune:
            return try await PruneCommand(arguments).run(workspace, environment: environment)
        case .replay:
            return try ReplayCommand(arguments).run(workspace, stores: stores, stderr: reporter.stderr)
        case .serve:
            return try await ServeCommand(arguments).run(workspace, environment: environment, reporter: reporter)
        case .storeDiff:
            let diff = try DiffCommand(arguments, style: reporter.style)
            let other = try storeFile(.against, arguments, environment)
            if arguments[.store] != nil {
                let left = try storeFile(.store, arguments, environment)
                for (path, _) in workspace.selectedStores { stores[path] = left }
            }
            return try diff.run(workspace, stores: stores, against: other)
        case .liveDiff:
            let diff = try LiveDiffCommand(arguments)
            try checkCertificateFlag(diff.live, environment)
            if environment.receivesSignals { environment.interrupt.watchSignals() }
            return try await diff.run(workspace, environment: environment, reporter: reporter)
        case .adopt:
            return try await AdoptCommand(arguments).run(workspace, environment: environment)
        case .merge:
            var inputs: [Store] = []
            for text in arguments.operands {
                let path = FileSystem.resolve(text, against: environment.workingDirectory)
                guard FileSystem.exists(path) else { throw .usage("\(singleQuoted(text)): no such file; give the path of a shard's store") }
                inputs.append(try Store.load(path: path, display: text))
            }
            return try await MergeCommand(arguments).run(workspace, inputs: inputs, environment: environment)
        case .record, .plan:
            let record = RecordCommand(arguments)
            try checkCertificateFlag(record.live, environment)
            if environment.receivesSignals { environment.interrupt.watchSignals() }
            return try await record.run(workspace, environment: environment, reporter: reporter)
        }
    }

    // A store named on the command line: it must exist, since comparing with nothing is a typing mistake.
    private static func storeFile(_ option: OptionKey<String?>, _ arguments: ParsedArguments, _ environment: Environment) throws(LiftrecError) -> Store {
        let text = arguments[option] ?? ""
        let path = FileSystem.resolve(text, against: environment.workingDirectory)
        guard FileSystem.exists(path) else {
            throw .usage("\(option.spec.spelling) \(singleQuoted(text)): no such file; give the path of a store file")
        }
        return try Store.load(path: path, display: text)
    }

    /// The report files `arguments` ask for.
    static func reportFiles(_ arguments: ParsedArguments) -> ReportFiles {
        ReportFiles(markdown: arguments[.markdown], junit: arguments[.junit], receipt: arguments[.receipt])
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
                throw .usage("\(option.spelling) \(singleQuoted(file)) is a suite or store file liftrec reads; write the report somewhere else, such as reports/liftrec.\(option == OptionKey.junit.spec ? "xml" : "md")")
            }
            // Checked before any work, so a typo in a directory name costs no requests.
            if !FileSystem.exists(path), !FileSystem.isDirectory(FileSystem.directoryName(path)) {
                throw .usage("\(option.spelling) \(singleQuoted(file)): directory \(singleQuoted(FileSystem.directoryName(file))) does not exist; create it first")
            }
        }
    }
}
