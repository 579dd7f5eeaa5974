import Foundation
import Testing

/// Each row: what to break, the command to run, and a fragment the one-line error must contain.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    let name: String
    let suite: String?
    let store: String?
    let arguments: [String]
    let fragment: String
    var testDescription: String { name }
}

private let validCase = #"{"key": "k", "prompt": "p", "schema": {"type": "object"}}"#

private func suite(_ body: String) -> String {
    #"{"format": "liftrec-suite/1", "name": "provider", "cases": [\#(body)]}"#
}

private let malformedCases: [MalformedCase] = [
    MalformedCase(name: "truncated suite", suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": ["#, store: nil, arguments: ["verify"], fragment: "fixtures/suites/provider.json:1:"),
    MalformedCase(name: "trailing comma", suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": [],}"#, store: nil, arguments: ["verify"], fragment: "fixtures/suites/provider.json:1:"),
    MalformedCase(name: "empty suite file", suite: "", store: nil, arguments: ["verify"], fragment: "fixtures/suites/provider.json:1:1"),
    MalformedCase(name: "suite is an array", suite: "[]", store: nil, arguments: ["verify"], fragment: "a suite must be a JSON object"),
    MalformedCase(name: "unknown suite field", suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": [], "modle": "x"}"#, store: nil, arguments: ["verify"], fragment: #"field "modle": unknown field; did you mean "model"?"#),
    MalformedCase(name: "missing format", suite: #"{"name": "provider", "cases": []}"#, store: nil, arguments: ["verify"], fragment: #"field "format": required field is missing"#),
    MalformedCase(name: "future format", suite: #"{"format": "liftrec-suite/2", "name": "provider", "cases": []}"#, store: nil, arguments: ["verify"], fragment: #"unsupported format "liftrec-suite/2""#),
    MalformedCase(name: "missing cases", suite: #"{"format": "liftrec-suite/1", "name": "provider"}"#, store: nil, arguments: ["verify"], fragment: #"field "cases": required field is missing"#),
    MalformedCase(name: "cases not an array", suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": {}}"#, store: nil, arguments: ["verify"], fragment: "must be an array of cases"),
    MalformedCase(name: "name mismatch", suite: #"{"format": "liftrec-suite/1", "name": "other", "cases": []}"#, store: nil, arguments: ["verify"], fragment: "does not match its file name"),
    MalformedCase(name: "unknown case field", suite: suite(#"{"key": "k", "prompt": "p", "schema": {}, "max_token": 5}"#), store: nil, arguments: ["verify"], fragment: #"case "k": field "max_token": unknown field; did you mean "max_tokens"?"#),
    MalformedCase(name: "case missing prompt", suite: suite(#"{"key": "k", "schema": {}}"#), store: nil, arguments: ["verify"], fragment: #"case "k": field "prompt": required field is missing"#),
    MalformedCase(name: "case missing key", suite: suite(#"{"prompt": "p", "schema": {}}"#), store: nil, arguments: ["verify"], fragment: "cases[0].key"),
    MalformedCase(name: "prompt of wrong type", suite: suite(#"{"key": "k", "prompt": 3, "schema": {}}"#), store: nil, arguments: ["verify"], fragment: #"case "k": field "prompt": must be a string, found 3"#),
    MalformedCase(name: "max_tokens of wrong type", suite: suite(#"{"key": "k", "prompt": "p", "schema": {}, "max_tokens": "many"}"#), store: nil, arguments: ["verify"], fragment: #"field "max_tokens": must be a whole number"#),
    MalformedCase(name: "duplicate case key", suite: suite(validCase + "," + validCase), store: nil, arguments: ["verify"], fragment: #"case "k": field "key": duplicate key"#),
    MalformedCase(name: "unknown schema name", suite: suite(#"{"key": "k", "prompt": "p", "schema": "irr"}"#), store: nil, arguments: ["verify"], fragment: #"case "k": field "schema": unknown schema "irr""#),
    MalformedCase(name: "remote ref", suite: suite(#"{"key": "k", "prompt": "p", "schema": {"$ref": "http://example.com/s.json"}}"#), store: nil, arguments: ["verify"], fragment: "remote"),
    MalformedCase(name: "bad expect", suite: suite(#"{"key": "k", "prompt": "p", "schema": {}, "expect": "maybe"}"#), store: nil, arguments: ["verify"], fragment: #"must be "ok", "error" or "any""#),
    MalformedCase(name: "store not an object", suite: suite(validCase), store: "[1, 2]", arguments: ["verify"], fragment: "a store must be a JSON object"),
    MalformedCase(name: "truncated store", suite: suite(validCase), store: #"{"k": {"response": "#, arguments: ["verify"], fragment: "fixtures/recorded/provider.json:1:"),
    MalformedCase(name: "store with invalid UTF-8", suite: suite(validCase), store: "{\"k\": \"\u{FFFD}\"}", arguments: ["verify"], fragment: "fixtures/recorded/provider.json:1:"),
    MalformedCase(name: "unknown flag", suite: suite(validCase), store: nil, arguments: ["verify", "--stirct"], fragment: "did you mean '--strict'?"),
    MalformedCase(name: "missing flag value", suite: suite(validCase), store: nil, arguments: ["verify", "--suite"], fragment: "--suite"),
    MalformedCase(name: "unknown command", suite: suite(validCase), store: nil, arguments: ["verfy"], fragment: "did you mean 'verify'?"),
    MalformedCase(name: "unknown suite", suite: suite(validCase), store: nil, arguments: ["verify", "--suite", "provder"], fragment: "did you mean 'provider'?"),
    MalformedCase(name: "bad ignore pointer", suite: suite(validCase), store: "{}", arguments: ["diff", "--against", "fixtures/recorded/provider.json", "--ignore", "signature"], fragment: "is not a JSON pointer"),
    MalformedCase(name: "zero timeout", suite: suite(validCase), store: nil, arguments: ["record", "--endpoint", "sim", "--timeout", "0"], fragment: "--timeout expects a number of seconds above 0"),
    MalformedCase(name: "absurd warm-up timeout", suite: suite(validCase), store: nil, arguments: ["record", "--endpoint", "sim", "--warmup-timeout", "999999999999999999999999999999"], fragment: "--warmup-timeout expects"),
    MalformedCase(name: "report over the store", suite: suite(validCase), store: "{}", arguments: ["verify", "--markdown", "fixtures/recorded/provider.json"], fragment: "is a suite or store file liftrec reads"),
    MalformedCase(name: "junit over the suite", suite: suite(validCase), store: "{}", arguments: ["verify", "--junit", "fixtures/suites/provider.json"], fragment: "is a suite or store file liftrec reads"),
    MalformedCase(name: "store inside the suites folder", suite: #"{"format": "liftrec-suite/1", "name": "provider", "store": "fixtures/suites/provider.json", "cases": []}"#, store: nil, arguments: ["record", "--endpoint", "sim"], fragment: "points into fixtures/suites/"),
    MalformedCase(name: "control character in a key", suite: suite(#"{"key": "a\n::error::x", "prompt": "p", "schema": {}}"#), store: nil, arguments: ["verify"], fragment: "contains a control character"),
    MalformedCase(name: "dry run with no endpoint", suite: suite(validCase), store: nil, arguments: ["record", "--dry-run"], fragment: "--endpoint sim"),
    MalformedCase(name: "serve option without serve", suite: suite(validCase), store: nil, arguments: ["replay", "--port", "8080"], fragment: "--port does not apply to 'liftrec replay', only to 'liftrec replay --serve'; add --serve"),
    MalformedCase(name: "live option with against", suite: suite(validCase), store: "{}", arguments: ["diff", "--against", "fixtures/recorded/provider.json", "--update"], fragment: "--update does not apply to 'liftrec diff --against', only to 'liftrec diff without --against'"),
    MalformedCase(name: "repeated case field", suite: suite(#"{"key": "k", "prompt": "p", "schema": {}, "prompt": "q"}"#), store: nil, arguments: ["verify"], fragment: #"member name "prompt" appears twice"#),
    MalformedCase(name: "absurd max age", suite: suite(validCase), store: "{}", arguments: ["verify", "--max-age", "99999999999999999999d"], fragment: "--max-age expects a duration"),
    MalformedCase(name: "newline in a suite name", suite: suite(validCase), store: nil, arguments: ["verify", "--suite", "a\nb"], fragment: #"unknown suite "a\nb""#),
    MalformedCase(name: "empty suite name", suite: suite(validCase), store: nil, arguments: ["verify", "--suite", ""], fragment: "--suite was given an empty NAME"),
    MalformedCase(name: "missing report directory", suite: suite(validCase), store: "{}", arguments: ["verify", "--junit", "no-such-dir/report.xml"], fragment: "directory 'no-such-dir' does not exist"),
    MalformedCase(name: "against a directory", suite: suite(validCase), store: "{}", arguments: ["diff", "--against", "fixtures"], fragment: "cannot read"),
    MalformedCase(name: "unknown only key", suite: suite(validCase), store: nil, arguments: ["replay", "--only", "kk"], fragment: "did you mean 'k'?"),
]

@Suite struct MalformedInputEndToEndTests {
    @Test(arguments: malformedCases)
    func malformedInputGivesOneLineAndExitTwo(_ row: MalformedCase) async throws {
        let project = try TemporaryProject()
        if let suite = row.suite { try project.write(suite, to: "fixtures/suites/provider.json") }
        if let store = row.store {
            var bytes = Data(store.utf8)
            if row.name == "store with invalid UTF-8" { bytes = Data([0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]) }
            try bytes.write(to: project.storeURL)
        }
        let before = row.store == nil ? nil : try project.read("fixtures/recorded/provider.json")
        let outcome = await project.runInProcess(row.arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(row.fragment), "\(outcome.stderr)")
        if let before { #expect(try project.read("fixtures/recorded/provider.json") == before) }
    }

    @Test func jsonErrorsCarryKindLineAndColumn() async throws {
        let project = try TemporaryProject()
        try project.write("{\n  \"format\": \"liftrec-suite/1\",\n  \"name\": \"provider\" \"cases\": []\n}", to: "fixtures/suites/provider.json")
        let outcome = try await project.run(["verify", "--json"])
        #expect(outcome.status == 2)
        let error = try #require(TemporaryProject.json(outcome)["error"] as? [String: Any])
        #expect(error["kind"] as? String == "invalid_json")
        #expect(error["line"] as? Int == 3)
        #expect(error["column"] as? Int == 22)
        #expect(error["file"] as? String == "fixtures/suites/provider.json")
        #expect(outcome.stderr.hasPrefix("liftrec: fixtures/suites/provider.json:3:22: invalid JSON"))
    }

    @Test func usageErrorsUnderJSONUseKindUsage() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["verify", "--json", "--bogus"])
        #expect(outcome.status == 2)
        #expect((try TemporaryProject.json(outcome)["error"] as? [String: Any])?["kind"] as? String == "usage")
    }
}
