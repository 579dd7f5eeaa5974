import Foundation
import Testing

/// Each row: a command line whose mode would ignore one option, and the mode and option the error must name.
struct InapplicableOption: CustomTestStringConvertible, Sendable {
    let arguments: [String]
    let option: String
    let mode: String
    var testDescription: String { arguments.joined(separator: " ") }
}

private let store = "modal_responses.json"

private let inapplicable: [InapplicableOption] = [
    // record --adopt calls no endpoint, so none of the live options mean anything there.
    InapplicableOption(arguments: ["record", "--adopt", "--all"], option: "--all", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--endpoint", "sim"], option: "--endpoint", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--concurrency", "2"], option: "--concurrency", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--retries", "1"], option: "--retries", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--timeout", "5"], option: "--timeout", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--warmup-timeout", "5"], option: "--warmup-timeout", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--max-cost", "1"], option: "--max-cost", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--shard", "1/2"], option: "--shard", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["record", "--adopt", "--dedupe"], option: "--dedupe", mode: "liftrec record --adopt"),
    InapplicableOption(arguments: ["diff", "--store", "b.json"], option: "--store", mode: "liftrec diff without --against"),
    // replay without --serve prints fixtures and starts no server.
    InapplicableOption(arguments: ["replay", "--host", "127.0.0.1"], option: "--host", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--port", "8080"], option: "--port", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--max-body", "10"], option: "--max-body", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--latency", "none"], option: "--latency", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--fail-every", "2"], option: "--fail-every", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--strict"], option: "--strict", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--upstream", "sim"], option: "--upstream", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--record-missing"], option: "--record-missing", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--receipt", "r.json"], option: "--receipt", mode: "liftrec replay"),
    InapplicableOption(arguments: ["replay", "--stream-timing", "recorded"], option: "--stream-timing", mode: "liftrec replay"),
    InapplicableOption(arguments: ["record", "--adopt", "--stream"], option: "--stream", mode: "liftrec record --adopt"),
    // record --dry-run plans and prices, but connects to nothing and locks nothing.
    InapplicableOption(arguments: ["record", "--dry-run", "--concurrency", "2"], option: "--concurrency", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--dry-run", "--retries", "1"], option: "--retries", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--dry-run", "--timeout", "5"], option: "--timeout", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--dry-run", "--warmup-timeout", "5"], option: "--warmup-timeout", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--dry-run", "--cacert", "ca.pem"], option: "--cacert", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--dry-run", "--stream"], option: "--stream", mode: "liftrec record --dry-run"),
    InapplicableOption(arguments: ["record", "--wait-lock", "3", "--dry-run"], option: "--wait-lock", mode: "liftrec record --dry-run"),
    // diff --against compares two files and asks no endpoint.
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--endpoint", "sim"], option: "--endpoint", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--samples", "2"], option: "--samples", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--update"], option: "--update", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--concurrency", "2"], option: "--concurrency", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--retries", "1"], option: "--retries", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--timeout", "5"], option: "--timeout", mode: "liftrec diff --against"),
    InapplicableOption(arguments: ["diff", "--against", "b.json", "--max-cost", "1"], option: "--max-cost", mode: "liftrec diff --against"),
]

@Suite struct CommandModeEndToEndTests {
    @Test(arguments: inapplicable)
    func anOptionTheModeIgnoresIsAUsageErrorAndChangesNothing(_ row: InapplicableOption) async throws {
        let project = try TemporaryProject(store: store)
        let before = try project.read("fixtures/recorded/provider.json")
        let outcome = try await project.run(row.arguments)
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("liftrec: \(row.option) does not apply to '\(row.mode)'"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(try project.read("fixtures/recorded/provider.json") == before)
    }

    @Test func adoptDryRunListsTheLegacyEntriesAndLeavesTheStoreUnchanged() async throws {
        let project = try TemporaryProject(store: store)
        let before = try project.read("fixtures/recorded/provider.json")
        let outcome = try await project.run(["record", "--adopt", "--dry-run"])
        // simple_ir_add_function fails the IR schema, so it is refused, not adopted: recording it again repairs it.
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("would adopt provider/warmup_basic_function"))
        #expect(outcome.stdout.contains("not adopted provider/simple_ir_add_function: it fails its case; run 'liftrec record --suite provider --only simple_ir_add_function'"))
        #expect(outcome.stdout.contains("2 legacy fixtures would be adopted; nothing was written"))
        #expect(try project.read("fixtures/recorded/provider.json") == before)
        let adopted = try await project.run(["record", "--adopt"])
        #expect(adopted.status == 1)
        #expect(try project.read("fixtures/recorded/provider.json") != before)
    }

    @Test func aDryRunRefusesALiveOptionSayingHowToKeepItAndTakesThePlanningOnes() async throws {
        let project = try TemporaryProject(store: store)
        let refused = try await project.run(["record", "--dry-run", "--endpoint", "sim", "--concurrency", "8"])
        #expect(refused.status == 2)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "liftrec: --concurrency does not apply to 'liftrec record --dry-run', only to 'liftrec record'; "
            + "drop --dry-run, or leave --concurrency out\n")
        let planned = try await project.run([
            "record", "--dry-run", "--endpoint", "sim", "--all", "--only", "simple_ir_add_function", "--max-cost", "1", "--dedupe",
            "--shard", "1/1", "--max-age", "30d", "--markdown", "plan.md",
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("would record provider/simple_ir_add_function"), "\(planned.stdout)")
        #expect(planned.stdout.contains("nothing was sent"))
        #expect(String(decoding: try project.read("plan.md"), as: UTF8.self).contains("simple_ir_add_function"))
    }

    @Test func everyDryRunLeavesTheStoreBytesUnchanged() async throws {
        let project = try TemporaryProject(store: store)
        let before = try project.read("fixtures/recorded/provider.json")
        for arguments in [["record", "--dry-run", "--endpoint", "sim"], ["record", "--adopt", "--dry-run"], ["prune", "--dry-run", "--stale"]] {
            let outcome = try await project.run(arguments)
            #expect(outcome.status == (arguments.contains("--adopt") ? 1 : 0), "\(arguments): \(outcome.stderr)")
            #expect(try project.read("fixtures/recorded/provider.json") == before, "\(arguments)")
        }
    }
}
