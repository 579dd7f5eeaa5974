/// One option a command accepts: its spelling, what value it takes, and its line of help.
struct OptionSpec: Sendable, Equatable {
    /// The long name without its leading dashes, such as `suite`.
    let name: String
    /// The single-letter spelling used with one dash, such as `h` for `-h`.
    let shortName: Character?
    /// What follows the option.
    let kind: OptionValueKind
    /// The word standing for the value in help and errors, such as `NAME`; empty for flags.
    let placeholder: String
    /// Whether the option may be given more than once, each value kept in order.
    let isRepeatable: Bool
    /// The value used when the option is absent, written as a user would type it.
    let defaultValue: String?
    /// One sentence of help, without the default, which help adds itself.
    let help: String

    /// An option from all of its parts.
    init(
        name: String,
        shortName: Character? = nil,
        kind: OptionValueKind,
        placeholder: String,
        isRepeatable: Bool = false,
        defaultValue: String? = nil,
        help: String
    ) {
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.placeholder = placeholder
        self.isRepeatable = isRepeatable
        self.defaultValue = defaultValue
        self.help = help
    }

    /// An option that takes no value.
    static func flag(_ name: String, shortName: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: shortName, kind: .flag, placeholder: "", help: help)
    }

    /// An option that takes one value of `kind`, shown as `placeholder`.
    static func value(
        _ name: String,
        _ kind: OptionValueKind,
        placeholder: String,
        isRepeatable: Bool = false,
        defaultValue: String? = nil,
        help: String
    ) -> OptionSpec {
        OptionSpec(name: name, kind: kind, placeholder: placeholder, isRepeatable: isRepeatable, defaultValue: defaultValue, help: help)
    }

    /// An option that takes one of `words`, shown as `a|b|c`.
    static func choice(_ name: String, _ words: [String], defaultValue: String? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .choice(words), placeholder: words.joined(separator: "|"), defaultValue: defaultValue, help: help)
    }

    /// The spelling with dashes, `--suite`.
    var spelling: String { "--" + name }

    /// The spelling followed by the placeholder, `--suite NAME`, as help and errors show it.
    var synopsis: String { placeholder.isEmpty ? spelling : spelling + " " + placeholder }
}

extension OptionSpec {
    /// The specs of `keys`, in order: a command's or mode's options.
    static func list<each Value>(_ keys: repeat OptionKey<each Value>) -> [OptionSpec] {
        var specs: [OptionSpec] = []
        for key in repeat each keys { specs.append(key.spec) }
        return specs
    }
}
