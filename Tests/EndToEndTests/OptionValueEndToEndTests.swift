import Foundation
import Testing

/// A value the parser refuses, and the one line the built binary must print for it.
struct RefusedValue: CustomTestStringConvertible, Sendable {
    let arguments: [String]
    let line: String
    var testDescription: String { arguments.joined(separator: " ") }
}

private let refused: [RefusedValue] = [
    RefusedValue(arguments: ["verify", "--color", "rainbow"],
                 line: "liftrec: --color expects 'auto', 'always' or 'never', got 'rainbow'"),
    RefusedValue(arguments: ["verify", "--color=alway"],
                 line: "liftrec: --color expects 'auto', 'always' or 'never', got 'alway'; did you mean 'always'?"),
    RefusedValue(arguments: ["diff", "--fail-on", "reshapd"],
                 line: "liftrec: --fail-on expects 'changed', 'reshaped', 'unstable' or 'never', got 'reshapd'; did you mean 'reshaped'?"),
    RefusedValue(arguments: ["diff", "--against", "other.json", "--fail-on", "always"],
                 line: "liftrec: --fail-on expects 'changed', 'reshaped', 'unstable' or 'never', got 'always'"),
    RefusedValue(arguments: ["replay", "--serve", "--latency", "200"],
                 line: "liftrec: --latency expects 'none', 'recorded' or a duration with its unit, such as 200ms or 2s, at most 1h, got '200'; did you mean '200ms'?"),
    RefusedValue(arguments: ["replay", "--serve", "--latency", "2h"],
                 line: "liftrec: --latency expects 'none', 'recorded' or a duration with its unit, such as 200ms or 2s, at most 1h, got '2h'"),
    RefusedValue(arguments: ["replay", "--serve", "--latency=recordd"],
                 line: "liftrec: --latency expects 'none', 'recorded' or a duration with its unit, such as 200ms or 2s, at most 1h, got 'recordd'; did you mean 'recorded'?"),
    RefusedValue(arguments: ["replay", "--serve", "--stream-timing", "slow"],
                 line: "liftrec: --stream-timing expects 'none', 'recorded' or x and a factor from 0 to 100, such as x0.1, got 'slow'"),
    RefusedValue(arguments: ["replay", "--serve", "--stream-timing", "0.1"],
                 line: "liftrec: --stream-timing expects 'none', 'recorded' or x and a factor from 0 to 100, such as x0.1, got '0.1'; did you mean 'x0.1'?"),
    RefusedValue(arguments: ["replay", "--serve", "--stream-timing", "x101"],
                 line: "liftrec: --stream-timing expects 'none', 'recorded' or x and a factor from 0 to 100, such as x0.1, got 'x101'"),
]

/// Option values of the enum and pace kinds are checked by the parser: one line on stderr, nothing on stdout, exit 2,
/// before any suite or store is read.
@Suite struct OptionValueEndToEndTests {
    @Test(arguments: refused)
    func aBadValueIsOneUsageLine(_ row: RefusedValue) async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(row.arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stderr == row.line + "\n")
        #expect(outcome.stdout == "")
    }

    @Test func underJSONTheRefusalIsAUsageErrorObject() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["replay", "--serve", "--json", "--stream-timing", "slow"])
        #expect(outcome.status == 2)
        let error = try #require(try TemporaryProject.json(outcome)["error"] as? [String: Any])
        #expect(error["kind"] as? String == "usage")
        #expect(error["message"] as? String == "--stream-timing expects 'none', 'recorded' or x and a factor from 0 to 100, such as x0.1, got 'slow'")
    }
}
