/// Everything the parser and the help text know about one command.
struct CommandSpec: Sendable, Equatable {
    /// Which command this describes.
    let name: CommandName
    /// One line saying what the command does.
    let summary: String
    /// Usage lines, each a complete invocation pattern starting with `liftrec`.
    let usage: [String]
    /// A few sentences on when and how to use the command.
    let discussion: String
    /// The command's own options, without the common ones.
    let options: [OptionSpec]
    /// Whether words after `--` are a command to run (`-- CMD [ARGS...]`).
    let acceptsTrailingCommand: Bool
    /// The placeholder of the words the command takes besides options, such as `STORE...`; nil when it takes none.
    let operands: String?
    /// Real invocations shown under Examples.
    let examples: [String]

    init(
        name: CommandName,
        summary: String,
        usage: [String],
        discussion: String,
        options: [OptionSpec],
        acceptsTrailingCommand: Bool = false,
        operands: String? = nil,
        examples: [String]
    ) {
        self.operands = operands
        self.name = name
        self.summary = summary
        self.usage = usage
        self.discussion = discussion
        self.options = options
        self.acceptsTrailingCommand = acceptsTrailingCommand
        self.examples = examples
    }

    /// How the command is written in messages, `liftrec verify`.
    var invocation: String { "liftrec " + name.rawValue }

    /// The command's own options followed by the common ones, as the parser accepts them.
    var allOptions: [OptionSpec] { options + CommandCatalog.commonOptions }
}
