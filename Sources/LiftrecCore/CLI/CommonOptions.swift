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
    /// `--color`: when to colour output.
    public var color = ColorMode.auto

    /// The defaults: every suite, text output, progress, colour on a terminal.
    public init() {}

    /// The common options given in `arguments`.
    public init(_ arguments: ParsedArguments) {
        root = arguments[.root]
        suites = arguments[.suite]
        json = arguments[.json]
        quiet = arguments[.quiet]
        verbose = arguments[.verbose]
        color = arguments[.color]
    }
}
