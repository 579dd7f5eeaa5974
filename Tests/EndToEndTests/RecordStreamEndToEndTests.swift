import Foundation
import Testing

// Timing is checked by order and lower bounds only: an event may arrive late on a loaded machine, never early.
@Suite struct RecordStreamEndToEndTests {
    private static func store(_ name: String, in project: TemporaryProject) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/\(name).json")) as? [String: Any])
    }

    @Test func recordStreamKeepsEachEventInOrderWithItsOffsetAndReplaysItsGaps() async throws {
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
        try project.write(StreamTimingEndToEndTests.timingClient, to: "timing_client.py")
        let replay = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "recorded", "--", "python3", "timing_client.py", "1"])
        #expect(replay.status == 0, "\(replay.stdout)\(replay.stderr)")
        #expect(replay.stdout.contains("ok"))
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
        try project.write("""
            import json, openai, anthropic
            for name in ["openai", "anthropic"]:
                suite = json.load(open(f"fixtures/suites/{name}.json")); store = json.load(open(f"fixtures/recorded/{name}.json"))
                schema = suite["schemas"]["function"]; d = suite["defaults"]
                for case in suite["cases"]:
                    mt = case.get("max_tokens", d["max_tokens"]); msgs = [{"role": "user", "content": case["prompt"]}]
                    liftrec = store[case["key"]]["metadata"]["liftrec"]; assert liftrec.get("stream"), case["key"]
                    if name == "openai":
                        c = openai.OpenAI()
                        kw = dict(model=suite["model"], messages=msgs, max_tokens=mt, temperature=d["temperature"], top_p=d["top_p"],
                                  response_format={"type": "json_schema", "json_schema": {"name": "output", "schema": schema, "strict": True}})
                        text = "".join(ch.choices[0].delta.content or "" for ch in c.chat.completions.create(stream=True, **kw) if ch.choices)
                        recorded = "".join((json.loads(e["data"])["choices"] or [{}])[0].get("delta", {}).get("content") or ""
                                           for e in liftrec["stream"] if e["data"] != "[DONE]")
                        assert text.encode() == recorded.encode(), (text, recorded)
                        assert text == liftrec["reply"]["body"]["choices"][0]["message"]["content"]
                    else:
                        c = anthropic.Anthropic()
                        with c.messages.stream(model=suite["model"], max_tokens=mt, messages=msgs, extra_body={"temperature": d["temperature"], "top_p": d["top_p"]},
                                tools=[{"name": "output", "description": "Give the answer as this tool's input.", "input_schema": schema}],
                                tool_choice={"type": "tool", "name": "output"}) as s:
                            final = s.get_final_message()
                        block = next(b for b in final.content if b.type == "tool_use")
                        assert block.input == store[case["key"]]["response"], block.input
                        names = [e["event"] for e in liftrec["stream"]]
                        assert names[0] == "message_start" and names[-1] == "message_stop", names
            print("ok")
            """, to: "stream_client.py")
        let outcome = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "recorded", "--", "python3", "stream_client.py"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok"))
    }
}
