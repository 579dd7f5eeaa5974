import CBuildInfo

/// The command-line entry point: runs one invocation and returns its exit status.
public enum Liftrec {
    /// The version printed by `--version` and recorded in reports.
    public static let version = "0.2.0"

    /// The git commit this binary was built from, as `scripts/install` embeds it, or `unknown`.
    public static var commit: String { String(cString: liftrec_build_commit()) }

    /// Runs the command named in `environment.arguments` and returns the process exit status.
    ///
    /// Everything the run prints goes through one `Reporter`, which masks secret values and decides between text and JSON.
    public static func run(_ environment: Environment) async -> Int32 {
        let invocation: Invocation
        do {
            invocation = try CommandLineInterface.resolve(environment.arguments)
        } catch {
            let reporter = Reporter(environment, json: CommandLineInterface.asksForJSON(environment.arguments))
            return reporter.fail(.usage(error.message))
        }
        switch invocation {
        case .help(let text, let isError):
            let reporter = Reporter(environment, json: false)
            (isError ? reporter.stderr : reporter.stdout).write(text.hasSuffix("\n") ? text : text + "\n")
            return isError ? 2 : 0
        case .version:
            Reporter(environment, json: false).stdout.line("liftrec \(version) (commit \(commit))")
            return 0
        case .run(let mode, let arguments):
            let common = CommonOptions(arguments)
            let reporter = Reporter(environment, json: common.json, quiet: common.quiet, color: common.color)
            var environment = environment
            environment.stdout = reporter.stdout
            environment.stderr = reporter.stderr
            do {
                let result = try await Dispatcher.run(mode, arguments, environment, reporter)
                return try reporter.finish(result, files: Dispatcher.reportFiles(arguments))
            } catch {
                return reporter.fail(error)
            }
        }
    }
}
