/// Everything the parser and the help text know about one command.
public struct CommandSpec: Sendable, Equatable {
    /// Which command this describes.
    public let name: CommandName
    /// One line saying what the command does.
    public let summary: String
    /// Usage lines, each a complete invocation pattern starting with `liftrec`.
    public let usage: [String]
    /// A few sentences on when and how to use the command.
    public let discussion: String
    /// The command's own options, without the common ones.
    public let options: [OptionSpec]
    /// Whether words after `--` are a command to run (`-- CMD [ARGS...]`).
    public let acceptsTrailingCommand: Bool
    /// The placeholder of the words the command takes besides options, such as `STORE...`; nil when it takes none.
    public let operands: String?
    /// Real invocations shown under Examples.
    public let examples: [String]

    /// A command description from its parts.
    public init(
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
    public var invocation: String { "liftrec " + name.rawValue }

    /// The command's own options followed by the common ones, as the parser accepts them.
    public var allOptions: [OptionSpec] { options + CommandCatalog.commonOptions }
}
