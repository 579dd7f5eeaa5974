/// Resolves a whole command line (without the program name) to help, the version, or a command to run.
enum CommandLineInterface {
    /// What `arguments` ask for, or the usage error explaining why they cannot be run.
    ///
    /// `--help` or `-h` anywhere before `--` wins over any other word, valid or not, so help is
    /// always reachable from a half-typed command line.
    static func resolve(_ arguments: [String]) throws(UsageError) -> Invocation {
        guard let first = arguments.first else {
            return .help(HelpFormatter.overview(), isError: true)
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "--help", "-h":
            return .help(HelpFormatter.overview(), isError: false)
        case "--version", "-V":
            if let extra = rest.first {
                throw .unexpectedArgument(extra, command: nil, acceptsTrailingCommand: false)
            }
            return .version
        case "help":
            guard let topic = rest.first, !["help", "--help", "-h"].contains(topic) else {
                return .help(HelpFormatter.overview(), isError: false)
            }
            if rest.count > 1 {
                throw .unexpectedArgument(rest[1], command: nil, acceptsTrailingCommand: false)
            }
            if let helpTopic = HelpTopic(rawValue: topic) {
                return .help(helpTopic.text, isError: false)
            }
            return .help(HelpFormatter.help(for: CommandCatalog.spec(for: try command(named: topic, orTopic: true))), isError: false)
        default:
            if first.hasPrefix("-") {
                let typed = String(first.prefix { $0 != "=" })
                let suggestion = SpellingSuggestion.closest(to: String(typed.drop { $0 == "-" }), among: ["help", "version"])
                throw .unknownOption(typed, command: nil, suggestion: suggestion.map { "--" + $0 })
            }
            let spec = CommandCatalog.spec(for: try command(named: first))
            if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
                return .help(HelpFormatter.help(for: spec), isError: false)
            }
            let arguments = try ArgumentParser.parse(rest, spec: spec)
            let mode = CommandMode.selected(by: spec.name, arguments)
            try mode.check(arguments)
            return .run(mode: mode, arguments: arguments)
        }
    }

    /// Whether a command line that could not be resolved asked for `--json`, so its error is printed as JSON too.
    ///
    /// Only the words before `--` count: after it they belong to the command being run.
    static func asksForJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains(OptionKey.json.spec.spelling)
    }

    private static func command(named word: String, orTopic: Bool = false) throws(UsageError) -> CommandName {
        if let name = CommandName(rawValue: word) {
            return name
        }
        let candidates = CommandName.allCases.map(\.rawValue) + ["help"] + (orTopic ? HelpTopic.allCases.map(\.rawValue) : [])
        let suggestion = SpellingSuggestion.closest(to: word, among: candidates)
        if orTopic { throw .unknownHelpSubject(word, suggestion: suggestion) }
        throw .unknownCommand(word, suggestion: suggestion)
    }
}
