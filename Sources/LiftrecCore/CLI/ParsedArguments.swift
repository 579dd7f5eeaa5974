/// The checked options and trailing command of one command line, read by option name without dashes.
///
/// Options that were not given read as their spec's default, so defaults live in one place with the help text.
public struct ParsedArguments: Sendable, Equatable {
    /// Values given on the command line, in order, by option name.
    private let given: [String: [OptionValue]]
    /// Values of the spec's defaults, by option name.
    private let defaults: [String: OptionValue]
    /// The command and its arguments after `--`, for commands that run one.
    public let trailing: [String]

    /// Arguments from values already checked against `options`, whose defaults fill the gaps.
    init(given: [String: [OptionValue]], options: [OptionSpec], trailing: [String]) {
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
    public func isGiven(_ name: String) -> Bool {
        given[name] != nil
    }

    /// Whether the flag was given.
    public func flag(_ name: String) -> Bool {
        given[name] != nil
    }

    /// The text of a string or choice option.
    public func string(_ name: String) -> String? {
        strings(name).last
    }

    /// Every text given to a repeatable string option, in command-line order.
    public func strings(_ name: String) -> [String] {
        values(name).compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// The value of a whole-number option.
    public func integer(_ name: String) -> Int? {
        values(name).last.flatMap { if case .integer(let number) = $0 { number } else { nil } }
    }

    /// The value of a decimal option.
    public func decimal(_ name: String) -> Double? {
        values(name).last.flatMap { if case .decimal(let number) = $0 { number } else { nil } }
    }

    /// The value of a duration option, in seconds.
    public func duration(_ name: String) -> Double? {
        values(name).last.flatMap { if case .duration(let seconds) = $0 { seconds } else { nil } }
    }

    /// The value of a shard option, 1-based.
    public func shard(_ name: String) -> (index: Int, count: Int)? {
        values(name).last.flatMap { if case .shard(let index, let count) = $0 { (index, count) } else { nil } }
    }

    private func values(_ name: String) -> [OptionValue] {
        given[name] ?? defaults[name].map { [$0] } ?? []
    }
}
