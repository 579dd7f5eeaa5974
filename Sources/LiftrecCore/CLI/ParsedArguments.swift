/// The checked options and trailing command of one command line, read through typed option keys.
///
/// `arguments[key]` has the key's value type, so an option is read only as the kind the parser checked it as; an
/// absent option reads as its spec's default, or nil when it has none.
struct ParsedArguments: Sendable, Equatable {
    /// Values given on the command line, in order, by option name.
    private let given: [String: [OptionValue]]
    /// The command and its arguments after `--`, for commands that run one.
    let trailing: [String]
    /// The words given besides options, for commands that take them (`liftrec merge STORE...`).
    let operands: [String]

    /// Arguments from values already checked against their options' kinds.
    init(given: [String: [OptionValue]], trailing: [String], operands: [String] = []) {
        self.given = given
        self.trailing = trailing
        self.operands = operands
    }

    /// The value of `key`'s option: what was given, else its default.
    subscript<Value>(_ key: OptionKey<Value>) -> Value {
        key.value(given: given[key.spec.name] ?? [])
    }

    /// Whether `option` appeared on the command line, for checking that the chosen mode takes it.
    func isGiven(_ option: OptionSpec) -> Bool {
        given[option.name] != nil
    }
}
