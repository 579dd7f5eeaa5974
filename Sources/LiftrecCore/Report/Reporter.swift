/// The one place a command's output leaves liftrec: the result on stdout as text or JSON, progress and warnings on
/// stderr, report files, CI annotations and errors, every line with secret values masked.
struct Reporter: Sendable {
    /// Where results go, masked.
    let stdout: TextSink
    /// Where progress, warnings and errors go, masked.
    let stderr: TextSink
    /// Whether the result is one JSON object instead of text.
    let json: Bool
    let quiet: Bool
    let style: TextStyle
    /// Masks secret values in everything written: the environment's keys, and those `cover(_:)` adds.
    var redactor: SecretRedactor { secrets.current }
    private let secrets: RunSecrets
    private let inGitHubActions: Bool
    private let workingDirectory: String
    private let writes: FileWrites

    /// A reporter for `environment`, shaped by the common options.
    init(_ environment: Environment, json: Bool, quiet: Bool = false, color: ColorMode = .auto) {
        secrets = RunSecrets(SecretRedactor(variables: environment.variables))
        stdout = secrets.mask(environment.stdout)
        stderr = secrets.mask(environment.stderr)
        self.json = json
        self.quiet = quiet
        style = TextStyle(mode: color, variables: environment.variables, isTerminal: environment.stdout.isTerminal)
        inGitHubActions = environment.variables["GITHUB_ACTIONS"] == "true"
        workingDirectory = environment.workingDirectory
        writes = environment.fileWrites
    }

    /// Masks `values` too, from now on, in everything this reporter writes: the keys the suites' `auth_env`
    /// variables hold, which are known only once the suites are read.
    func cover(_ values: [String]) {
        secrets.add(values)
    }

    /// A progress line on stderr that honours `--quiet`.
    func progress() -> ProgressLine {
        ProgressLine(sink: stderr, quiet: quiet)
    }

    /// A warning on stderr, which `--quiet` does not hide.
    func warning(_ text: String) {
        stderr.line("liftrec: warning: " + text)
    }

    /// Writes the report files asked for, annotations when running in GitHub Actions, then the result; returns the
    /// exit status.
    func finish(_ result: CommandResult, files: ReportFiles) throws(LiftrecError) -> Int32 {
        let receipt = { (report: CommandReport) in String(decoding: JSONWriter.pretty(report.json), as: UTF8.self) + "\n" }
        for (path, render) in [(files.markdown, MarkdownReport.render), (files.junit, JUnitReport.render), (files.receipt, receipt)] {
            guard let path else { continue }
            let target = path == "-" ? path : FileSystem.resolve(path, against: workingDirectory)
            do {
                try writes.writeReport(Array(redactor.redact(render(result.report)).utf8), target)
            } catch {
                throw .io(error.shown(as: path, for: target))
            }
        }
        // Actions reads workflow commands from the step's output; under --json they go to stderr so stdout stays one object.
        let annotations = inGitHubActions ? GitHubAnnotations.render(result.report) : ""
        if json {
            stderr.write(annotations)
            stdout.line(String(decoding: JSONWriter.compact(result.report.json), as: UTF8.self))
        } else {
            stdout.write(result.text + annotations)
        }
        return result.exitStatus
    }

    /// Presents an error that stopped the command: one line on stderr, and the error object on stdout under `--json`.
    func fail(_ error: LiftrecError) -> Int32 {
        if json {
            stdout.line(String(decoding: JSONWriter.compact(error.json), as: UTF8.self))
        }
        stderr.line("liftrec: " + error.message)
        return 2
    }
}
