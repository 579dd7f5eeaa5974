/// A command line that cannot be run as written; exit status 2.
///
/// A `nil` command means the words before any command, where only `--help` and `--version` are valid.
enum UsageError: Error, Sendable, Equatable {
    /// The first word is not a command.
    case unknownCommand(String, suggestion: String?)
    /// The word after `help` is neither a command nor a help topic.
    case unknownHelpSubject(String, suggestion: String?)
    /// An option the command does not have, as typed, with the closest valid spelling if one is near.
    case unknownOption(String, command: CommandName?, suggestion: String?)
    /// An option that needs a value was last, or followed by another option.
    case missingValue(option: String, placeholder: String)
    /// An option given an empty string as its value, such as `--suite ''`.
    case emptyValue(option: String, placeholder: String)
    /// A flag was given a value with `=`.
    case unexpectedValue(option: String, value: String)
    /// An option that takes one value was given again.
    case repeatedOption(String)
    /// A value that does not fit the option, with what was expected and the closest valid word if one is near.
    case invalidValue(option: String, value: String, expected: String, suggestion: String?)
    /// A word that is neither an option nor an option's value.
    case unexpectedArgument(String, command: CommandName?, acceptsTrailingCommand: Bool)
    /// A `--` with no command after it, for a command that runs one.
    case missingTrailingCommand(command: CommandName)
    /// An option of the command that the chosen mode would ignore, with the mode that takes it and how to switch to it.
    case inapplicableOption(String, mode: String, owner: String?, fix: String?)
    /// A command after `--` for a mode that runs none.
    case inapplicableTrailingCommand([String], mode: String)

    /// The one-line message shown on stderr: what was wrong, quoting the input, and what to do next.
    var message: String {
        switch self {
        case .unknownCommand(let word, let suggestion):
            return "unknown command \(singleQuoted(word)); " + (suggestion.map { "did you mean '\($0)'?" } ?? Self.hint(for: nil))
        case .unknownHelpSubject(let word, let suggestion):
            let commands = CommandName.allCases.map(\.rawValue).joined(separator: ", ")
            let topics = HelpTopic.allCases.map(\.rawValue).joined(separator: ", ")
            return "no command or help topic \(singleQuoted(word)); "
                + (suggestion.map { "did you mean '\($0)'?" } ?? "'liftrec help' takes a command (\(commands)) or a topic (\(topics))")
        case .unknownOption(let word, let command, let suggestion):
            return "unknown option \(singleQuoted(word)) for '\(Self.invocation(command))'; "
                + (suggestion.map { "did you mean '\($0)'?" } ?? Self.hint(for: command))
        case .missingValue(let option, let placeholder):
            return "missing value for '\(option)'; write it as '\(option) \(placeholder)'"
        case .emptyValue(let option, let placeholder):
            return "\(option) was given an empty \(placeholder); write it as '\(option) \(placeholder)'"
        case .unexpectedValue(let option, let value):
            return "option '\(option)' takes no value, got \(singleQuoted(option + "=" + value)); write '\(option)' alone"
        case .repeatedOption(let option):
            return "option '\(option)' given more than once; keep one of them"
        case .invalidValue(let option, let value, let expected, let suggestion):
            return "\(option) expects \(expected), got \(singleQuoted(value))" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case .unexpectedArgument(let word, let command, true):
            return "unexpected argument \(singleQuoted(word)) for '\(Self.invocation(command))'; "
                + "put the command to run after '--', as in '\(Self.invocation(command)) -- \(word)'"
        case .unexpectedArgument(let word, let command, false):
            return "unexpected argument \(singleQuoted(word)) for '\(Self.invocation(command))'; " + Self.hint(for: command)
        case .missingTrailingCommand(let command):
            return "nothing after '--' for '\(Self.invocation(command))'; give the command to run, as in '\(Self.invocation(command)) --serve -- pytest tests'"
        case .inapplicableOption(let option, let mode, let owner?, let fix?):
            return "\(option) does not apply to '\(mode)', only to '\(owner)'; \(fix), or leave \(option) out"
        case .inapplicableOption(let option, let mode, _, _):
            return "\(option) does not apply to '\(mode)'; leave \(option) out"
        case .inapplicableTrailingCommand(let words, let mode):
            return "a command after '--' runs against the replay server, which '\(mode)' does not start; "
                + "add --serve, as in 'liftrec replay --serve -- \(words.joined(separator: " "))'"
        }
    }

    private static func invocation(_ command: CommandName?) -> String {
        command.map { "liftrec " + $0.rawValue } ?? "liftrec"
    }

    private static func hint(for command: CommandName?) -> String {
        command.map { "run 'liftrec \($0.rawValue) --help' for the options" } ?? "run 'liftrec --help' for the commands"
    }
}
