/// The checked options and trailing command of one command line, read through the options' specs.
///
/// Options that were not given read as their spec's default, so defaults live in one place with the help text, and
/// no option is ever looked up by a name typed outside its spec.
public struct ParsedArguments: Sendable, Equatable {
    /// Values given on the command line, in order, by option name.
    private let given: [String: [OptionValue]]
    /// Values of the spec's defaults, by option name.
    private let defaults: [String: OptionValue]
    /// The command and its arguments after `--`, for commands that run one.
    public let trailing: [String]
    /// The words given besides options, for commands that take them (`liftrec merge STORE...`).
    public let operands: [String]

    /// Arguments from values already checked against `options`, whose defaults fill the gaps.
    init(given: [String: [OptionValue]], options: [OptionSpec], trailing: [String], operands: [String] = []) {
        self.operands = operands
        self.given = given
        var defaults: [String: OptionValue] = [:]
        for option in options {
            if let text = option.defaultValue, let value = option.kind.value(from: text) {
                defaults[option.name] = value
            }
        }
        self.defaults = defaults
        self.trailing = trailing
    }

    /// Whether the option appeared on the command line, rather than reading as its default.
    public func isGiven(_ option: OptionSpec) -> Bool {
        given[option.name] != nil
    }

    /// Whether the flag was given.
    public func flag(_ option: OptionSpec) -> Bool {
        given[option.name] != nil
    }

    /// The text of a string or choice option.
    public func string(_ option: OptionSpec) -> String? {
        strings(option).last
    }

    /// Every text given to a repeatable string option, in command-line order.
    public func strings(_ option: OptionSpec) -> [String] {
        values(option).compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// The value of a whole-number option.
    public func integer(_ option: OptionSpec) -> Int? {
        values(option).last.flatMap { if case .integer(let number) = $0 { number } else { nil } }
    }

    /// The value of a decimal option.
    public func decimal(_ option: OptionSpec) -> Double? {
        values(option).last.flatMap { if case .decimal(let number) = $0 { number } else { nil } }
    }

    /// The value of a duration option, in seconds.
    public func duration(_ option: OptionSpec) -> Double? {
        values(option).last.flatMap { if case .duration(let seconds) = $0 { seconds } else { nil } }
    }

    /// The value of a shard option, 1-based.
    public func shard(_ option: OptionSpec) -> (index: Int, count: Int)? {
        values(option).last.flatMap { if case .shard(let index, let count) = $0 { (index, count) } else { nil } }
    }

    private func values(_ option: OptionSpec) -> [OptionValue] {
        given[option.name] ?? defaults[option.name].map { [$0] } ?? []
    }
}
