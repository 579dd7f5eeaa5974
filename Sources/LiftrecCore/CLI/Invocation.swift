/// What a command line asks for, once resolved.
enum Invocation: Sendable, Equatable {
    /// Print `text` on stdout; when `isError`, the command line was incomplete and the exit status is 2.
    case help(String, isError: Bool)
    /// Print the version.
    case version
    /// Run a command in `mode` with its parsed arguments, already checked against what the mode takes.
    case run(mode: CommandMode, arguments: ParsedArguments)
}
