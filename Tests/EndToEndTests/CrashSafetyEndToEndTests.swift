import Foundation
import Testing

@Suite(.serialized) struct CrashSafetyEndToEndTests {
    @Test func sigkillAtARandomMomentLosesNoRecordedFixtureAndTheRerunSendsOnlyWhatIsMissing() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=100ms")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 12), to: "fixtures/suites/provider.json")
        let running = try LiftrecProcess.start(["record", "--endpoint", simulator.generateURL, "--concurrency", "2"], in: project.root)
        // Kill after a random number of fixtures were reported recorded: the reports are the events we wait on.
        let target = Int.random(in: 1...10)
        await running.readStderr(until: { RunningLiftrec.recordedCount(in: $0) >= target }, thenSignal: SIGKILL)
        let seen = running.recordedCount
        #expect(await running.status() == SIGKILL)
        #expect(running.process.terminationReason == .uncaughtSignal)

        let storePath = project.storeURL.path
        if FileManager.default.fileExists(atPath: storePath) {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) }
        }
        let verify = try await project.run(["verify", "--json"])
        #expect(verify.status == 1, "\(verify.stderr)")
        let cases = try #require((TemporaryProject.json(verify)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let kept = cases.filter { $0["status"] as? String == "ok" }.count
        #expect(cases.allSatisfy { ["ok", "missing"].contains($0["status"] as? String) })
        #expect(kept >= seen)

        let before = simulator.observed.generateCalls
        let rerun = try await project.run(["record", "--endpoint", simulator.generateURL])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(simulator.observed.generateCalls - before == 12 - kept)
        #expect(try await project.run(["verify"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/recorded/.provider.json.journal").path))
    }

    @Test func aSecondWriterFailsClearlyWithKindLocked() async throws {
        // The first writer's only call is held unanswered until the second writer has been refused, however slow the machine.
        let simulator = try LoopbackSimulator(hangOnPrompt: "function number 0\"")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 1), to: "fixtures/suites/provider.json")
        let running = try LiftrecProcess.start(["record", "--endpoint", simulator.generateURL], in: project.root)
        // The first writer reports the endpoint as warm only after it holds the lock.
        await running.readStderr { $0.contains("endpoint warm") }
        let second = try await project.run(["prune", "--json"])
        simulator.releaseHeld()
        #expect(second.status == 2)
        #expect((try TemporaryProject.json(second)["error"] as? [String: Any])?["kind"] as? String == "locked")
        #expect(await running.status() == 0)
    }

    @Test func ctrlCKeepsWhatCompletedAndExits130() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=300ms")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 20), to: "fixtures/suites/provider.json")
        let running = try LiftrecProcess.start(["record", "--endpoint", simulator.generateURL, "--concurrency", "2"], in: project.root)
        await running.readStderr(until: { RunningLiftrec.recordedCount(in: $0) >= 1 }, thenSignal: SIGINT)
        #expect(await running.status() == 130)
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store.count >= 1)
        #expect(store.count < 20)
        #expect(simulator.observed.generateCalls < 20)
    }
}
