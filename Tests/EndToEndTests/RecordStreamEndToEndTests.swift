import Foundation
import Testing

// Timing is checked by order and lower bounds only: an event may arrive late on a loaded machine, never early.
@Suite struct RecordStreamEndToEndTests {
    private static func store(_ name: String, in project: TemporaryProject) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/\(name).json")) as? [String: Any])
    }

    @Test func recordStreamKeepsEachEventInOrderWithItsOffsetAndReplaysThemInOrder() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:stream-gap=20ms")
        let project = try ProtocolsEndToEndTests.project("openai", recorded: false)
        let record = try await project.run(["record", "--suite", "openai", "--endpoint", simulator.origin, "--stream"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        for (key, value) in try Self.store("openai", in: project) {
            let liftrec = try #require(((value as? [String: Any])?["metadata"] as? [String: Any])?["liftrec"] as? [String: Any], "\(key)")
            let stream = try #require(liftrec["stream"] as? [[String: Any]], "\(key) kept no stream")
            #expect(stream.last?["data"] as? String == "[DONE]")
            let offsets = stream.compactMap { ($0["offset_ms"] as? NSNumber)?.doubleValue }
            #expect(offsets.count == stream.count && offsets == offsets.sorted(), "\(key): \(offsets)")
            // The simulator sends event i at least 20 ms × i after it starts answering, which is after the request started;
            // the first event's own offset may be late, so the bound is on the offsets themselves, not their gaps.
            for (index, offset) in offsets.enumerated() {
                #expect(offset >= Double(index) * 20 - 1, "\(key): event \(index) at \(offset) ms")
            }
        }
        #expect(try await project.run(["verify", "--suite", "openai"]).status == 0)
        try project.write(StreamTimingEndToEndTests.streamClient, to: "stream_client.py")
        let replay = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "recorded", "--", "python3", "stream_client.py"])
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("ok"))
    }

    @Test func aStreamedShorthandCaseCountsTheTokensOfItsUsageChunkAndAGivenRequestIsSentAsGiven() async throws {
        let project = try ProtocolsEndToEndTests.project("openai", recorded: false)
        // A case given whole as "request" is what a client sent: liftrec adds nothing to it, usage included.
        try project.write(#"""
            {"format": "liftrec-suite/1", "name": "given", "protocol": "openai-chat", "model": "m", "cases": [
              {"key": "asis", "request": {"model": "m", "messages": [{"role": "user", "content": "Say hi."}]}}]}
            """#, to: "fixtures/suites/given.json")
        let record = try await project.run(["record", "--endpoint", "sim", "--stream", "--json"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        func facts(_ suite: String) throws -> [String: [String: Any]] {
            try Self.store(suite, in: project).mapValues { value in
                ((value as? [String: Any])?["metadata"] as? [String: Any])?["liftrec"] as? [String: Any] ?? [:]
            }
        }
        for (key, liftrec) in try facts("openai") {
            let stream = try #require(liftrec["stream"] as? [[String: Any]], "\(key) kept no stream")
            let usage = try #require(stream.dropLast().last?["data"] as? String, "\(key)")
            #expect(usage.contains(#""choices":[]"#) && usage.contains(#""usage":"#), "\(key): \(usage)")
            let tokens = try #require(liftrec["tokens_used"] as? Int, "\(key) counted no tokens")
            #expect(tokens > 0 && usage.contains(#""completion_tokens":\#(tokens)"#), "\(key): \(tokens) tokens, \(usage)")
        }
        let asis = try #require(try facts("given")["asis"])
        let stream = try #require(asis["stream"] as? [[String: Any]])
        #expect(!stream.contains { ($0["data"] as? String)?.contains(#""usage""#) == true }, "\(stream)")
        #expect(asis["tokens_used"] == nil || asis["tokens_used"] as? Int == 0, "\(asis)")
        let summary = try #require(TemporaryProject.json(record)["summary"] as? [String: Any])
        #expect((summary["tokens"] as? Int ?? 0) > 0, "\(summary)")
        #expect(try await project.run(["verify"]).status == 0)
    }

    @Test func aStreamCutOffBeforeItsFinalEventIsNotStored() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:cut-stream-every=1")
        let project = try ProtocolsEndToEndTests.project("openai", recorded: false)
        let record = try await project.run(["record", "--suite", "openai", "--endpoint", simulator.origin, "--stream", "--retries", "0"])
        #expect(record.status != 0, "\(record.stdout)\(record.stderr)")
        #expect(record.stdout.contains("ended before its final event") || record.stderr.contains("ended before its final event"),
                "\(record.stdout)\(record.stderr)")
        let stored = (try? Self.store("openai", in: project)) ?? [:]
        #expect(stored.isEmpty, "\(stored.keys)")
    }

    @Test(.enabled("the Python openai and anthropic packages are not installed (pip install openai anthropic)") {
        let openAI = await ProtocolsEndToEndTests.pythonImports("openai")
        return openAI ? await ProtocolsEndToEndTests.pythonImports("anthropic") : false
    })
    func theOfficialClientsAssembleExactlyTheRecordedStreamAtItsRecordedPace() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:stream-gap=5ms")
        let project = try ProtocolsEndToEndTests.project("openai", recorded: false)
        let file = "fixtures/suites/anthropic.json"
        try project.write(String(contentsOf: LiftrecProcess.packageRoot.appendingPathComponent(file), encoding: .utf8), to: file)
        for suite in ["openai", "anthropic"] {
            let record = try await project.run(["record", "--suite", suite, "--endpoint", simulator.origin, "--stream"])
            #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        }
        try project.write(ProtocolsEndToEndTests.officialStreamClient, to: "stream_client.py")
        let outcome = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "recorded", "--", "python3", "stream_client.py", "--recorded-stream"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok"))
    }
}
