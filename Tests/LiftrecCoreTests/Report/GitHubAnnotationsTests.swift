import Testing
@testable import LiftrecCore

@Suite struct GitHubAnnotationsTests {
    @Test func messagesEscapePercentAndLineBreaks() {
        #expect(GitHubAnnotations.escapeData("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b")
    }

    @Test func propertiesAlsoEscapeColonAndComma() {
        #expect(GitHubAnnotations.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test func everyFindingBecomesOneCommandLine() {
        let report = failedVerifyReport([
            CaseReport(key: "fine", status: .ok),
            CaseReport(key: "k", status: .stale, problems: [
                Problem(kind: .stale, message: "prompt changed\nre-record"),
                Problem(kind: .legacy, message: "50% legacy", isWarning: true),
            ]),
        ], storeProblems: [Problem(kind: .orphan, message: "entry \"x\" is unused", isWarning: true)])
        #expect(GitHubAnnotations.render(report) == """
            ::error title=liftrec verify::provider/k: prompt changed%0Are-record
            ::warning title=liftrec verify::provider/k: 50%25 legacy
            ::warning title=liftrec verify::provider (fixtures/recorded/provider.json): entry "x" is unused

            """)
    }
}
