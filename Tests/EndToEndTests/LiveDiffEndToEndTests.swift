import Foundation
import Testing

@Suite(.serialized) struct LiveDiffEndToEndTests {
    @Test func liveDiffFindsSameChangedAndUpdatesOnRequest() async throws {
        let original = try LoopbackSimulator(settings: "sim:seed=1")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 4), to: "fixtures/suites/provider.json")
        #expect(await project.runInProcess(["record", "--endpoint", original.generateURL]).status == 0)
        let same = await project.runInProcess(["diff", "--endpoint", original.generateURL])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("4 same"))

        let drifted = try LoopbackSimulator(settings: "sim:seed=2")
        let drift = await project.runInProcess(["diff", "--endpoint", drifted.generateURL, "--json"])
        #expect(drift.status == 1)
        let statuses = ((try TemporaryProject.json(drift)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        #expect(statuses.count == 4)
        #expect(statuses.allSatisfy { $0 == "changed" || $0 == "reshaped" })
        #expect(await project.runInProcess(["diff", "--endpoint", drifted.generateURL, "--fail-on", "never"]).status == 0)

        let update = await project.runInProcess(["diff", "--endpoint", drifted.generateURL, "--update"])
        #expect(update.status == 1)
        #expect(await project.runInProcess(["diff", "--endpoint", drifted.generateURL]).status == 0)
        #expect(await project.runInProcess(["verify"]).status == 0)
    }

    @Test func disagreeingSamplesAreUnstableNotDrift() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 0, extraCases: [
            #"{"key": "warm", "prompt": "Write something creative", "schema": "ir", "temperature": 0.8}"#,
        ]), to: "fixtures/suites/provider.json")
        #expect(await project.runInProcess(["record", "--endpoint", simulator.generateURL]).status == 0)
        let before = simulator.observed.generateCalls
        let outcome = await project.runInProcess(["diff", "--endpoint", simulator.generateURL, "--samples", "3", "--json"])
        #expect(simulator.observed.generateCalls - before == 3)
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect(cases.first?["status"] as? String == "unstable")
        let pointers = (cases.first?["problems"] as? [[String: Any]])?.first?["pointers"] as? [String] ?? []
        #expect(!pointers.isEmpty)
        #expect(outcome.status == 0, "unstable is not drift, so it passes unless --fail-on unstable")
        let strict = await project.runInProcess(["diff", "--endpoint", simulator.generateURL, "--samples", "3", "--fail-on", "unstable"])
        #expect(strict.status == 1)
    }

    @Test func aLiveReplyThatFailsTheCurrentSchemaIsInvalid() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 2), to: "fixtures/suites/provider.json")
        #expect(await project.runInProcess(["record", "--endpoint", simulator.generateURL]).status == 0)
        try project.write(syntheticSuite(count: 2).replacingOccurrences(of: #""minLength": 10"#, with: #""minLength": 10, "maxLength": 5"#), to: "fixtures/suites/provider.json")
        let outcome = await project.runInProcess(["diff", "--endpoint", simulator.generateURL])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("invalid"))
        #expect(outcome.stdout.contains("/summary"))
    }

    @Test func quickStartRecordsFromTheEmbeddedSimulatorAndVerifies() async throws {
        let project = try TemporaryProject()
        let record = await project.runInProcess(["record", "--suite", "provider", "--endpoint", "sim"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        let verify = await project.runInProcess(["verify", "--suite", "provider"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("9 fixtures were recorded from the simulator"))
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: [String: Any]])
        let models = store.values.compactMap { (($0["metadata"] as? [String: Any])?["liftrec"] as? [String: Any])?["model"] as? String }
        #expect(models.count == 9)
        #expect(models.allSatisfy { $0 == "liftrec-simulator" })
    }
}
