/// The options every command takes: which project and suites, and how results and progress are shown.
struct CommonOptions: Sendable, Equatable {
    /// `--root`: the project root, else found from the working directory.
    var root: String?
    /// `--suite`: the suites to work on, empty for all.
    var suites: [String] = []
    /// `--json`: one JSON report on stdout instead of text.
    var json = false
    /// `--quiet`: no progress.
    var quiet = false
    /// `--verbose`: every attempt and detail on stderr.
    var verbose = false
    /// `--color`: when to colour output.
    var color = ColorMode.auto

    /// The defaults: every suite, text output, progress, colour on a terminal.
    init() {}

    /// The common options given in `arguments`.
    init(_ arguments: ParsedArguments) {
        root = arguments[.root]
        suites = arguments[.suite]
        json = arguments[.json]
        quiet = arguments[.quiet]
        verbose = arguments[.verbose]
        color = arguments[.color]
    }
}
