import Testing
@testable import LiftrecCore

@Suite struct MarkdownReportTests {
    @Test func summaryTableHasAColumnPerStatusAndARowPerSuite() {
        let report = CommandReport(command: "diff", ok: false, suites: [
            SuiteReport(name: "provider", store: "fixtures/recorded/provider.json", cases: [
                CaseReport(key: "a", status: .same),
                CaseReport(key: "b_c", status: .changed, problems: [Problem(kind: .changed, pointer: "/x", message: "/x: 1 -> 2 | *bold*")]),
                CaseReport(key: "d", status: .missing, problems: [Problem(kind: .missing, message: "no fixture")]),
            ]),
            SuiteReport(name: "small", store: "s.json", cases: [CaseReport(key: "e", status: .same)]),
        ], summary: JSONObject([("same", .number(JSONNumber(2))), ("estimated_cost_usd", .number(JSONNumber(text: "0.004600")))]))
        var described = report
        described.describeDifferences()
        let text = MarkdownReport.render(described)
        #expect(text.hasPrefix("## liftrec diff: differences found (1 changed, 1 missing)\n\n"))
        #expect(MarkdownReport.render(report).hasPrefix("## liftrec diff: FAILED\n\n"))
        #expect(text.contains("""
            | Suite | Store | Cases | same | changed | missing | Errors | Warnings |
            | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
            | provider | `fixtures/recorded/provider.json` | 3 | 1 | 1 | 1 | 2 | 0 |
            | small | `s.json` | 1 | 1 | 0 | 0 | 0 | 0 |

            **Summary:** same 2 · estimated\\_cost\\_usd 0.004600
            """))
        #expect(text.contains("### provider\n\n- `b_c`: **changed**\n  - /x: 1 -> 2 \\| \\*bold\\*\n- `d`: **missing**\n  - no fixture\n"))
        #expect(text.contains("### small\n\nNothing to report in 1 case.\n"))
        #expect(!text.contains("`a`"))
    }

    @Test func aDiffHeadingSaysWhatDifferedAndWhatUpdateStored() {
        var report = CommandReport(command: "diff", ok: false, suites: [
            SuiteReport(name: "p", store: "p.json", cases: [CaseReport(key: "a", status: .textChanged), CaseReport(key: "b", status: .same)]),
        ], summary: JSONObject())
        report.describeDifferences(updated: 1)
        #expect(MarkdownReport.render(report).hasPrefix("## liftrec diff: differences found (1 text\\_changed); 1 updated in the store\n\n"))
        var same = CommandReport(command: "diff", ok: true, suites: [SuiteReport(name: "p", store: "p.json", cases: [CaseReport(key: "b", status: .same)])],
                                 summary: JSONObject())
        same.describeDifferences()
        #expect(MarkdownReport.render(same).hasPrefix("## liftrec diff: no differences\n\n"))
    }

    @Test func cellsAndSpansCannotBreakTheTable() {
        #expect(MarkdownReport.escape("a|b\nc_d [x](y) <br>") == "a\\|b c\\_d \\[x\\](y) \\<br>")
        #expect(MarkdownReport.code("plain_key") == "`plain_key`")
        #expect(MarkdownReport.code("tick`key|x") == "tick\\`key\\|x")
    }

    @Test func longReportsStayWithinAPullRequestBody() {
        let problems = (0..<30).map { Problem(kind: .changed, message: "/p/\($0): " + String(repeating: "v", count: 200)) }
        let cases = (0..<400).map { CaseReport(key: "case_\($0)", status: .changed, problems: problems) }
        let report = CommandReport(command: "diff", ok: false, suites: [
            SuiteReport(name: "big", store: "b.json", cases: cases), SuiteReport(name: "later", store: "l.json", cases: cases),
        ], summary: JSONObject())
        let text = MarkdownReport.render(report)
        #expect(text.utf8.count < 65_536)
        #expect(text.contains("  - … and 10 more\n"))
        #expect(text.contains("Details cut short to fit a pull-request body (1 more suite not shown); run `liftrec diff --json` for the full report."))
    }
}
