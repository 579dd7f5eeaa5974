/// A command's report as JUnit XML, the format GitHub (dorny/test-reporter, mikepenz/action-junit-report),
/// GitLab and Jenkins read.
///
/// Each suite is a `<testsuite>` and each case a `<testcase>`; every error finding is a `<failure>` whose
/// `message` is one readable line and whose body holds the whole finding. Warnings do not fail a test: they are
/// listed in the test case's `<system-out>`. Store-level findings (orphans, secrets outside any case) form one
/// extra test case per suite named after the store. Counts follow JUnit: `failures` counts failed test cases.
enum JUnitReport {
    /// The longest `message` attribute, in characters; the failure's body always holds the full text.
    static let messageLimit = 300

    /// The XML document for `report`.
    static func render(_ report: CommandReport) -> String {
        var suitesXML = ""
        var totalTests = 0
        var totalFailures = 0
        for suite in report.suites {
            var cases = suite.cases.map { (name: $0.key, problems: $0.problems) }
            if !suite.storeProblems.isEmpty { cases.append((name: "store \(suite.store)", problems: suite.storeProblems)) }
            let failures = cases.filter { $0.problems.contains { !$0.isWarning } }.count
            totalTests += cases.count
            totalFailures += failures
            suitesXML += "  <testsuite name=\"\(escape(suite.name))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
            suitesXML += "    <properties>\n      <property name=\"store\" value=\"\(escape(suite.store))\"/>\n    </properties>\n"
            for testCase in cases {
                suitesXML += testCaseXML(name: testCase.name, className: suite.name, problems: testCase.problems)
            }
            suitesXML += "  </testsuite>\n"
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"liftrec \(escape(report.command))\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
        xml += suitesXML
        xml += "</testsuites>\n"
        return xml
    }

    private static func testCaseXML(name: String, className: String, problems: [Problem]) -> String {
        var xml = "    <testcase name=\"\(escape(name))\" classname=\"\(escape(className))\" time=\"0\""
        guard !problems.isEmpty else { return xml + "/>\n" }
        xml += ">\n"
        for problem in problems where !problem.isWarning {
            var message = problem.message
            if message.count > messageLimit { message = String(message.prefix(messageLimit - 1)) + "…" }
            xml += "      <failure message=\"\(escape(message))\" type=\"\(escape(problem.kind.rawValue))\">\(escape(body(problem)))</failure>\n"
        }
        let warnings = problems.filter(\.isWarning)
        if !warnings.isEmpty {
            xml += "      <system-out>\(escape(warnings.map { "warning: " + body($0) }.joined(separator: "\n")))</system-out>\n"
        }
        return xml + "    </testcase>\n"
    }

    private static func body(_ problem: Problem) -> String {
        let pointer = problem.pointer.flatMap { $0.isEmpty || problem.message.contains($0) ? nil : " at \($0):" } ?? ""
        return "[\(problem.kind)]\(pointer) \(problem.message)"
    }

    /// `text` made safe for XML 1.0 content and attribute values alike.
    ///
    /// The five markup characters become entities; tab, newline and carriage return become character references so
    /// attribute-value normalisation keeps them; other characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF)
    /// are dropped, since no reference can stand for them.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
