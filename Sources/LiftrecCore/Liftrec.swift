import CBuildInfo

/// The command-line entry point: runs one invocation and returns its exit status.
public enum Liftrec {
    /// The version printed by `--version` and recorded in reports.
    public static let version = "0.1.0"

    /// The git commit this binary was built from, as `scripts/install` embeds it, or `unknown`.
    public static var commit: String { String(cString: liftrec_build_commit()) }

    /// Runs the command named in `environment.arguments` and returns the process exit status.
    ///
    /// This is the one place where results, errors and exit codes are presented, and where secret values are
    /// masked from everything printed.
    public static func run(_ environment: Environment) async -> Int32 {
        let redactor = SecretRedactor(variables: environment.variables)
        var environment = environment
        environment.stdout = redactor.wrap(environment.stdout)
        environment.stderr = redactor.wrap(environment.stderr)
        let invocation: Invocation
        do {
            invocation = try CommandLineInterface.resolve(environment.arguments)
        } catch {
            let wantsJSON = environment.arguments.prefix { $0 != "--" }.contains("--json")
            return present(.usage(error.message), json: wantsJSON, environment)
        }
        switch invocation {
        case .help(let text, let isError):
            (isError ? environment.stderr : environment.stdout).write(text.hasSuffix("\n") ? text : text + "\n")
            return isError ? 2 : 0
        case .version:
            environment.stdout.line("liftrec \(version) (commit \(commit))")
            return 0
        case .run(let command, let arguments):
            let json = arguments.flag("json")
            do {
                let result = try await Dispatcher.execute(command, arguments, environment)
                if json {
                    environment.stdout.line(String(decoding: JSONWriter.compact(result.report.json), as: UTF8.self))
                } else {
                    environment.stdout.write(result.text)
                }
                return result.exitStatus
            } catch {
                return present(error, json: json, environment)
            }
        }
    }

    private static func present(_ error: LiftrecError, json: Bool, _ environment: Environment) -> Int32 {
        if json {
            environment.stdout.line(String(decoding: JSONWriter.compact(error.json), as: UTF8.self))
        }
        environment.stderr.line("liftrec: " + error.message)
        return 2
    }
}
