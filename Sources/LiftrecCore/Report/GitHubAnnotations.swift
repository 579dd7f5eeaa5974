/// Findings as GitHub Actions workflow commands (`::error …::`, `::warning …::`), which Actions turns into annotations.
enum GitHubAnnotations {
    /// One line per finding of `report`: `::error title=liftrec verify::<suite>/<key>: <message>`, `::warning` for warnings.
    static func render(_ report: CommandReport) -> String {
        let title = "title=" + escapeProperty("liftrec \(report.command)")
        var text = ""
        for suite in report.suites {
            for caseReport in suite.cases {
                for problem in caseReport.problems {
                    text += line(problem, title: title, subject: "\(suite.name)/\(caseReport.key)")
                }
            }
            for problem in suite.storeProblems {
                text += line(problem, title: title, subject: "\(suite.name) (\(suite.store))")
            }
        }
        return text
    }

    private static func line(_ problem: Problem, title: String, subject: String) -> String {
        "::\(problem.isWarning ? "warning" : "error") \(title)::\(escapeData("\(subject): \(problem.message)"))\n"
    }

    /// A command's message with `%`, CR and LF escaped, so it stays one command.
    static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// A property value with `:` and `,` escaped as well, since they separate properties.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
