/// What a command hands back to the dispatcher: its report, its human-readable output and its exit decision.
public struct CommandResult: Sendable {
    /// The machine-readable report, printed under `--json`.
    public var report: CommandReport
    /// The text printed on stdout without `--json`.
    public var text: String
    /// The exit status.
    public var exitStatus: Int32
}
