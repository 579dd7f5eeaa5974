/// Plain-text lines shared by every command's human-readable output.
enum TextReport {
    /// A case's status and key, then one indented line per problem.
    static func caseLine(_ report: CaseReport, style: TextStyle = .plain) -> String {
        let word = report.status.rawValue
        let padding = word.count < 14 ? String(repeating: " ", count: 14 - word.count) : " "
        let status = style.status(report.status, isWarning: report.problems.allSatisfy(\.isWarning)) + padding
        var text = "  \(status)\(report.key)\n"
        for problem in report.problems {
            text += "      " + problemLine(problem) + "\n"
        }
        // A finding that already names the repairing command needs no second line saying it again.
        if let repair = report.details["repair"]?.stringValue, !report.problems.contains(where: { $0.message.contains(repair) }) {
            text += "      run '\(repair)' to repair it\n"
        }
        return text
    }

    /// A problem as one line, marked when it is only a warning.
    static func problemLine(_ problem: Problem) -> String {
        (problem.isWarning ? "warning: " : "") + problem.message
    }
}
