/// The options every command takes: which project and suites, and how results and progress are shown.
public struct CommonOptions: Sendable, Equatable {
    /// `--root`: the project root, else found from the working directory.
    public var root: String?
    /// `--suite`: the suites to work on, empty for all.
    public var suites: [String] = []
    /// `--json`: one JSON report on stdout instead of text.
    public var json = false
    /// `--quiet`: no progress.
    public var quiet = false
    /// `--verbose`: every attempt and detail on stderr.
    public var verbose = false
    /// `--color`: `auto`, `always` or `never`.
    public var color = "auto"

    /// The defaults: every suite, text output, progress, colour on a terminal.
    public init() {}

    /// The common options given in `arguments`.
    public init(_ arguments: ParsedArguments) {
        root = arguments.string(.root)
        suites = arguments.strings(.suite)
        json = arguments.flag(.json)
        quiet = arguments.flag(.quiet)
        verbose = arguments.flag(.verbose)
        color = arguments.string(.color) ?? color
    }
}
