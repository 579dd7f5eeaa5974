/// Renders help text from command specs, so help can never disagree with what the parser accepts.
enum HelpFormatter {
    /// Help lines are wrapped to fit this many columns.
    static let width = 80

    // Left columns wider than this put their description on the next line rather than squeezing it.
    private static let maximumLeftColumn = 30

    private static let exitStatuses: [(String, String)] = [
        ("0", "all good"),
        ("1", "the command ran and found problems: failed recordings, drift, misses or verify findings"),
        ("2", "usage or configuration error: bad option, unreadable suite, corrupt store"),
        ("130", "interrupted"),
    ]

    private static let environmentVariables: [(String, String)] = [
        ("LIFTREC_ENDPOINT", "endpoint used when --endpoint is not given"),
        ("MODAL_ENDPOINT_URL", "endpoint used when neither --endpoint nor LIFTREC_ENDPOINT is set"),
        ("MODAL_KEY", "Modal proxy-auth key, sent as Modal-Key; never stored or printed"),
        ("MODAL_SECRET", "Modal proxy-auth secret, sent as Modal-Secret; never stored or printed"),
        ("NO_COLOR", "when set, no colour unless --color always"),
    ]

    /// The help `liftrec --help` prints: commands, common options, exit statuses and environment.
    static func overview(of commands: [CommandSpec] = CommandCatalog.all) -> String {
        var lines = ["liftrec \(Liftrec.version): record, replay, diff, prune and verify LLM response fixtures", ""]
        lines += section("Usage", ["liftrec <command> [options]", "liftrec help <command>|<topic>", "liftrec --version"].map { ("  " + $0, "") })
        lines += section("Commands", commands.map { ($0.name.rawValue, $0.summary) })
        lines += section("Help topics (liftrec help TOPIC)", HelpTopic.allCases.map { ($0.rawValue, $0.summary) })
        lines += section("Common options", CommandCatalog.commonOptions.map(row))
        lines += section("Exit status", exitStatuses)
        lines += section("Environment", environmentVariables)
        lines.append("Run 'liftrec help <command>' for a command's options and examples.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The help `liftrec help <command>` and `liftrec <command> --help` print.
    static func help(for spec: CommandSpec) -> String {
        let options = spec.options.map(row)
        let common = CommandCatalog.commonOptions.map(row)
        let column = leftColumn(options + common)
        var lines = wrap("\(spec.invocation): \(spec.summary)", width: width) + [""]
        lines += section("Usage", spec.usage.map { ("  " + $0, "") })
        lines += wrap(spec.discussion, width: width) + [""]
        lines += section("Options", options, column: column)
        lines += section("Common options", common, column: column)
        lines += section("Examples", spec.examples.map { ("  " + $0, "") })
        lines.removeLast()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The two columns describing one option: its spellings with placeholder, and its help with default.
    private static func row(_ option: OptionSpec) -> (String, String) {
        let left = option.shortName.map { "-\($0), " + option.synopsis } ?? option.synopsis
        var right = option.help
        if option.isRepeatable {
            right += "; repeatable"
        }
        if let value = option.defaultValue {
            right += " (default: \(value))"
        }
        return (left, right)
    }

    /// Where the right column starts: after the widest left column that is not too wide, and a gap.
    private static func leftColumn(_ rows: [(String, String)]) -> Int {
        2 + (rows.map(\.0.count).filter { $0 <= maximumLeftColumn }.max() ?? 0) + 2
    }

    /// A titled block of rows in two aligned columns; a row whose right column is empty is printed as is.
    private static func section(_ title: String, _ rows: [(String, String)], column: Int? = nil) -> [String] {
        let column = column ?? leftColumn(rows)
        var lines = [title + ":"]
        for (left, right) in rows {
            guard !right.isEmpty else {
                lines.append(left)
                continue
            }
            var description = wrap(right, width: width - column)
            let label = "  " + left
            if label.count + 2 <= column, let first = description.first {
                lines.append(label + String(repeating: " ", count: column - label.count) + first)
                description.removeFirst()
            } else {
                lines.append(label)
            }
            lines += description.map { String(repeating: " ", count: column) + $0 }
        }
        return lines + [""]
    }

    /// Greedy word wrap; a word longer than `width` gets a line of its own rather than being broken.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        return line.isEmpty ? lines : lines + [line]
    }
}
