/// The command-line entry point: runs one invocation and returns its exit status.
public enum Liftrec {
    /// The version printed by `--version` and recorded in reports.
    public static let version = "0.1.0"

    /// Runs the command named in `environment.arguments` and returns the process exit status.
    public static func run(_ environment: Environment) -> Int32 {
        environment.stderr.line("liftrec: no commands yet")
        return 2
    }
}
