/// Turns the words after a command name into checked, typed arguments according to the command's spec.
enum ArgumentParser {
    /// Parses `arguments` (the words after the command name) against `spec` and its common options.
    ///
    /// Accepts `--name value` and `--name=value`; `--` ends the options. Values that begin with `-`
    /// must be given with `=`, except negative numbers, which are read as values and then fail their
    /// range check with a clear message instead of being mistaken for an option.
    static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        let options = spec.allOptions
        var given: [String: [OptionValue]] = [:]
        var operands: [String] = []
        var words = arguments[...]
        while let word = words.popFirst() {
            if word == "--" {
                if spec.acceptsTrailingCommand {
                    guard !words.isEmpty else { throw .missingTrailingCommand(command: spec.name) }
                    return ParsedArguments(given: given, trailing: Array(words), operands: operands)
                }
                if spec.operands != nil {
                    operands += words
                    words = []
                } else if let first = words.first {
                    throw .unexpectedArgument(first, command: spec.name, acceptsTrailingCommand: false)
                }
                break
            }
            guard isOptionLike(word) else {
                if spec.operands != nil {
                    operands.append(word)
                    continue
                }
                throw .unexpectedArgument(word, command: spec.name, acceptsTrailingCommand: spec.acceptsTrailingCommand)
            }
            let (typed, inline) = splitAtEquals(word)
            guard let option = lookUp(typed, in: options) else {
                let suggestion = SpellingSuggestion.closest(to: String(typed.drop { $0 == "-" }), among: options.map(\.name))
                throw .unknownOption(typed, command: spec.name, suggestion: suggestion.map { "--" + $0 })
            }
            guard option.isRepeatable || given[option.name] == nil else {
                throw .repeatedOption(option.spelling)
            }
            let value: OptionValue
            if option.kind == .flag {
                if let inline {
                    throw .unexpectedValue(option: option.spelling, value: inline)
                }
                value = .flag
            } else {
                let text: String
                if let inline {
                    text = inline
                } else if let next = words.first, !isOptionLike(next) {
                    text = next
                    words.removeFirst()
                } else {
                    throw .missingValue(option: option.spelling, placeholder: option.placeholder)
                }
                value = try checked(text, for: option)
            }
            given[option.name, default: []].append(value)
        }
        return ParsedArguments(given: given, trailing: [], operands: operands)
    }

    /// The typed value of `text` for `option`, or the error saying what was expected.
    private static func checked(_ text: String, for option: OptionSpec) throws(UsageError) -> OptionValue {
        if text.isEmpty {
            throw .emptyValue(option: option.spelling, placeholder: option.placeholder)
        }
        if let value = option.kind.value(from: text) {
            return value
        }
        throw .invalidValue(option: option.spelling, value: text, expected: option.kind.expectation, suggestion: option.kind.suggestion(for: text))
    }

    // A dash followed by a digit is a negative number, never an option: no option name starts with a digit.
    private static func isOptionLike(_ word: String) -> Bool {
        let characters = word.utf8.prefix(2)
        guard characters.count == 2, characters.first == UInt8(ascii: "-"), let second = characters.last else { return false }
        return !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(second)
    }

    private static func splitAtEquals(_ word: String) -> (name: String, value: String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private static func lookUp(_ typed: String, in options: [OptionSpec]) -> OptionSpec? {
        if typed.hasPrefix("--") {
            let name = typed.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard typed.count == 2, let letter = typed.last else { return nil }
        return options.first { $0.shortName == letter }
    }
}
