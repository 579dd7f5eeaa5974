/// What a command hands back to the dispatcher: its report, its human-readable output and its exit decision.
struct CommandResult: Sendable {
    /// The machine-readable report, printed under `--json`.
    var report: CommandReport
    /// The text printed on stdout without `--json`.
    var text: String
    /// The exit status.
    var exitStatus: Int32
}
