import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import LiftrecCore

@Suite struct JUnitReportTests {
    @Test func markupCharactersBecomeEntities() {
        #expect(JUnitReport.escape(#"a & b < c > d "e" 'f'"#) == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
    }

    @Test func lineBreaksSurviveAttributesAndForbiddenCharactersAreDropped() {
        #expect(JUnitReport.escape("one\ntwo\r\tthree") == "one&#10;two&#13;&#9;three")
        #expect(JUnitReport.escape("bell\u{07}nul\u{00}esc\u{1B}\u{FFFE}\u{FFFF}end") == "bellnulescend")
        #expect(JUnitReport.escape("naïve ✓ 🦀 \u{E000}") == "naïve ✓ 🦀 \u{E000}")
    }

    @Test func documentParsesAndCountsFailedCasesPerSuiteAndOverall() throws {
        let nasty = "bad \u{01} <xml> & \"quotes\" \n second line"
        let report = failedVerifyReport([
            CaseReport(key: "fine", status: .ok),
            CaseReport(key: "stale_one", status: .stale, problems: [
                Problem(kind: .stale, message: "prompt changed"),
                Problem(kind: .schema, pointer: "/a", message: nasty),
            ]),
            CaseReport(key: "legacy_one", status: .legacy, problems: [Problem(kind: .legacy, message: "adopt it", isWarning: true)]),
            CaseReport(key: "long", status: .invalid, problems: [Problem(kind: .schema, message: String(repeating: "x", count: 1_000))]),
        ], storeProblems: [Problem(kind: .secret, pointer: "/response", message: "store key \"old\": a secret")], others: [
            SuiteReport(name: "other & more", store: "o.json", cases: [CaseReport(key: "k", status: .missing, problems: [Problem(kind: .missing, message: "no fixture")])]),
        ])
        let parsed = try ParsedJUnit(JUnitReport.render(report))
        #expect(parsed.root == ["name": "liftrec verify", "tests": "6", "failures": "4", "errors": "0", "skipped": "0", "time": "0"])
        #expect(parsed.suites.map { $0["name"] } == ["provider", "other & more"])
        #expect(parsed.suites.map { $0["tests"] } == ["5", "1"])
        #expect(parsed.suites.map { $0["failures"] } == ["3", "1"])
        #expect(parsed.cases == ["fine", "stale_one", "legacy_one", "long", "store fixtures/recorded/provider.json", "k"])
        #expect(parsed.failures.map(\.type) == ["stale", "schema", "schema", "secret", "missing"])
        #expect(parsed.failures[1].message == "bad  <xml> & \"quotes\" \n second line")
        #expect(parsed.failures[2].message.count == JUnitReport.messageLimit)
        #expect(parsed.failures[2].body.contains(String(repeating: "x", count: 1_000)))
        #expect(parsed.systemOut == ["warning: [legacy] adopt it"])
    }

    /// The parts of a JUnit document a CI reporter reads, collected by Foundation's XML parser.
    final class ParsedJUnit: NSObject, XMLParserDelegate {
        var root: [String: String] = [:]
        var suites: [[String: String]] = []
        var cases: [String] = []
        var failures: [(type: String, message: String, body: String)] = []
        var systemOut: [String] = []
        private var text = ""

        init(_ xml: String) throws {
            super.init()
            let parser = XMLParser(data: Data(xml.utf8))
            parser.delegate = self
            guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            text = ""
            switch name {
            case "testsuites": root = attributes
            case "testsuite": suites.append(attributes)
            case "testcase": cases.append(attributes["name"] ?? "")
            case "failure": failures.append((attributes["type"] ?? "", attributes["message"] ?? "", ""))
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "failure", let last = failures.popLast() { failures.append((last.type, last.message, text)) }
            if name == "system-out" { systemOut.append(text) }
        }
    }
}
