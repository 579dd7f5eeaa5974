import Foundation
import Testing

@Suite(.serialized) struct CrashSafetyEndToEndTests {
    @Test func sigkillAtARandomMomentLosesNoRecordedFixtureAndTheRerunSendsOnlyWhatIsMissing() throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=100ms")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 12), to: "fixtures/suites/provider.json")
        let process = Process()
        process.executableURL = LiftrecProcess.executable
        process.arguments = ["record", "--endpoint", simulator.generateURL, "--concurrency", "2"]
        process.currentDirectoryURL = project.root
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Kill after a random number of fixtures were reported recorded: the reports are the events we wait on.
        let target = Int.random(in: 1...10)
        var seen = 0
        var buffer = Data()
        while seen < target {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            seen = String(decoding: buffer, as: UTF8.self).components(separatedBy: "\nrecorded ").count - 1
                + (String(decoding: buffer, as: UTF8.self).hasPrefix("recorded ") ? 1 : 0)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let storePath = project.storeURL.path
        if FileManager.default.fileExists(atPath: storePath) {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) }
        }
        let verify = try project.run(["verify", "--json"])
        #expect(verify.status == 1, "\(verify.stderr)")
        let cases = try #require((TemporaryProject.json(verify)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let kept = cases.filter { $0["status"] as? String == "ok" }.count
        #expect(cases.allSatisfy { ["ok", "missing"].contains($0["status"] as? String) })
        #expect(kept >= seen)

        let before = simulator.observed.generateCalls
        let rerun = try project.run(["record", "--endpoint", simulator.generateURL])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(simulator.observed.generateCalls - before == 12 - kept)
        #expect(try project.run(["verify"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/recorded/.provider.json.journal").path))
    }

    @Test func aSecondWriterFailsClearlyWithKindLocked() throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=2s")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 1), to: "fixtures/suites/provider.json")
        let process = Process()
        process.executableURL = LiftrecProcess.executable
        process.arguments = ["record", "--endpoint", simulator.generateURL]
        process.currentDirectoryURL = project.root
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first writer reports the endpoint as warm only after it holds the lock.
        var text = ""
        while !text.contains("endpoint warm") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let second = try project.run(["prune", "--json"])
        #expect(second.status == 2)
        #expect((try TemporaryProject.json(second)["error"] as? [String: Any])?["kind"] as? String == "locked")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func ctrlCKeepsWhatCompletedAndExits130() throws {
        let simulator = try LoopbackSimulator(settings: "sim:latency=300ms")
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: 20), to: "fixtures/suites/provider.json")
        let process = Process()
        process.executableURL = LiftrecProcess.executable
        process.arguments = ["record", "--endpoint", simulator.generateURL, "--concurrency", "2"]
        process.currentDirectoryURL = project.root
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\nrecorded ") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let store = try #require(JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store.count >= 1)
        #expect(store.count < 20)
        #expect(simulator.observed.generateCalls < 20)
    }
}
