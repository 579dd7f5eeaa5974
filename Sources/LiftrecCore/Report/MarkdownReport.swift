/// A command's report as GitHub-flavoured Markdown for a pull-request body: a summary table, then the details.
///
/// It reads only the generic report shape, so `verify`, `diff` and `record` share it. The details list every case
/// with findings or a status other than a quiet one, and stop before the text outgrows a pull-request body.
enum MarkdownReport {
    /// Findings listed per case before the rest are counted instead.
    static let problemsPerCase = 20
    /// Characters the details may take; GitHub refuses pull-request bodies over 65,536.
    static let detailsLimit = 60_000

    /// The Markdown document for `report`.
    static func render(_ report: CommandReport) -> String {
        let statuses = report.statusCounts.map(\.status)
        var text = "## liftrec \(escape(report.command)): \(escape(report.headline ?? (report.ok ? "passed" : "FAILED")))\n\n"
        text += row(["Suite", "Store", "Cases"] + statuses.map { escape($0.rawValue) } + ["Errors", "Warnings"])
        text += row(["---", "---"] + Array(repeating: "---:", count: statuses.count + 3))
        for suite in report.suites {
            let problems = suite.storeProblems + suite.cases.flatMap(\.problems)
            let counts = statuses.map { status in String(suite.cases.filter { $0.status == status }.count) }
            text += row([escape(suite.name), code(suite.store), String(suite.cases.count)] + counts
                        + [String(problems.filter { !$0.isWarning }.count), String(problems.filter(\.isWarning).count)])
        }
        let summary = report.summary.members.map { "\(escape($0.0)) \(scalarText($0.1))" }
        if !summary.isEmpty { text += "\n**Summary:** " + summary.joined(separator: " · ") + "\n" }
        return text + details(report)
    }

    private static func details(_ report: CommandReport) -> String {
        var sections: [String] = []
        for suite in report.suites {
            var entries: [String] = []
            for caseReport in suite.cases where !caseReport.problems.isEmpty || !caseReport.status.isGood {
                entries.append(entry("\(code(caseReport.key)): **\(escape(caseReport.status.rawValue))**", caseReport.problems))
            }
            if !suite.storeProblems.isEmpty {
                entries.append(entry("store \(code(suite.store))", suite.storeProblems))
            }
            let heading = "\n### \(escape(suite.name))\n\n"
            sections.append(entries.isEmpty ? heading + "Nothing to report in \(suite.cases.count) case\(suite.cases.count == 1 ? "" : "s").\n"
                                            : heading + entries.joined())
        }
        var text = ""
        for (index, section) in sections.enumerated() {
            // Cut at a line boundary so the Markdown stays well-formed, and say how much was left out.
            guard text.utf8.count + section.utf8.count <= detailsLimit else {
                let lines = section.split(separator: "\n", omittingEmptySubsequences: false)
                var kept = 0
                var size = text.utf8.count
                while kept < lines.count, size + lines[kept].utf8.count + 1 <= detailsLimit {
                    size += lines[kept].utf8.count + 1
                    kept += 1
                }
                text += lines.prefix(kept).joined(separator: "\n")
                let left = sections.count - index - 1
                text += "\n\n_Details cut short to fit a pull-request body\(left > 0 ? " (\(left) more suite\(left == 1 ? "" : "s") not shown)" : "")"
                text += "; run `liftrec \(report.command) --json` for the full report._\n"
                return text
            }
            text += section
        }
        return text
    }

    private static func entry(_ title: String, _ problems: [Problem]) -> String {
        var text = "- \(title)\n"
        for problem in problems.prefix(problemsPerCase) {
            text += "  - \(problem.isWarning ? "warning: " : "")\(escape(problem.message))\n"
        }
        if problems.count > problemsPerCase {
            text += "  - … and \(problems.count - problemsPerCase) more\n"
        }
        return text
    }

    private static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |\n"
    }

    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): return number.text
        case .bool(let flag): return flag ? "yes" : "no"
        case .string(let text): return escape(text)
        case .null: return "none"
        case .array, .object: return code(String(decoding: JSONWriter.compact(value), as: UTF8.self))
        }
    }

    /// `text` as a code span, or escaped text when a backtick, pipe or line break would break the span.
    static func code(_ text: String) -> String {
        text.contains(where: { "`|\n\r".contains($0) }) || text.isEmpty ? escape(text) : "`\(text)`"
    }

    /// `text` with Markdown's inline syntax characters backslash-escaped and line breaks made spaces, safe in a table cell.
    ///
    /// `>`, `#` and `!` are left alone: they only mean something at the start of a line or before `[`, and the text
    /// never starts a line.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", "|", "~", "&":
                result += "\\"
                result.unicodeScalars.append(scalar)
            case "\n", "\r":
                result += " "
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
