import Foundation
import Testing

// Gaps are checked by order and lower bounds from the request's start only: an event may arrive late on a loaded
// machine, never early.
@Suite struct StreamTimingEndToEndTests {
    /// A client of the OpenAI suite's first case that streams it with plain `http.client`, noting when each event
    /// arrives, and checks the events are the recorded ones in order, each no earlier than its recorded gap times the
    /// factor its first argument gives (from before the request), and that their content joins to the recorded content.
    static let timingClient = """
            import json, os, sys, time, http.client, urllib.parse
            factor = float(sys.argv[1])
            suite = json.load(open("fixtures/suites/openai.json")); store = json.load(open("fixtures/recorded/openai.json"))
            case = suite["cases"][0]; d = suite["defaults"]; recorded = store[case["key"]]["metadata"]["liftrec"]["stream"]
            # The usage chunk liftrec asks for when it records goes only to a client that asks for usage, as this one does not.
            recorded = [e for e in recorded if not ('"choices":[]' in e["data"] and '"usage"' in e["data"])]
            body = {"model": suite["model"], "messages": [{"role": "user", "content": case["prompt"]}], "max_tokens": d["max_tokens"],
                    "temperature": d["temperature"], "top_p": d["top_p"], "stream": True,
                    "response_format": {"type": "json_schema", "json_schema": {"name": "output", "schema": suite["schemas"]["function"], "strict": True}}}
            url = urllib.parse.urlparse(os.environ["OPENAI_BASE_URL"])
            connection = http.client.HTTPConnection(url.hostname, url.port); started = time.monotonic()
            connection.request("POST", url.path + "/chat/completions", json.dumps(body), {"Content-Type": "application/json"})
            response = connection.getresponse()
            assert response.status == 200, response.status
            arrivals = []
            while True:
                line = response.readline()
                if not line: break
                if line.startswith(b"data: "): arrivals.append((line[6:].rstrip(b"\\n").decode(), time.monotonic()))
            assert [a[0] for a in arrivals] == [e["data"] for e in recorded], arrivals
            # Measured from before the request, which the server's clock for the offsets starts after: a slow read can
            # only make an event later, so the bound holds on a loaded machine.
            for (_, at), event in zip(arrivals, recorded):
                after = (at - started) * 1000; wanted = event["offset_ms"] * factor
                assert after >= wanted - 2, f"{event['data'][:40]} came {after:.0f} ms after the request, wanted at least {wanted:.0f}"
            text = "".join(json.loads(a[0])["choices"][0]["delta"].get("content") or "" for a in arrivals[:-1])
            assert text == store[case["key"]]["metadata"]["liftrec"]["reply"]["body"]["choices"][0]["message"]["content"], text
            print("ok", len(arrivals))
            """

    /// A project with the package's OpenAI suite and store, its first case given a recorded stream of events at `offsets`
    /// (a role, the content's pieces, the finish and `[DONE]`), and a client that checks their order and gaps.
    static func project(streaming offsets: [Int]) async throws -> TemporaryProject {
        let project = try TemporaryProject()
        let package = LiftrecProcess.packageRoot
        for file in ["fixtures/suites/openai.json", "fixtures/recorded/openai.json"] {
            try project.write(String(contentsOf: package.appendingPathComponent(file), encoding: .utf8), to: file)
        }
        try project.write("""
            import json, sys
            offsets = [int(o) for o in sys.argv[1:]]
            path = "fixtures/recorded/openai.json"; store = json.load(open(path)); entry = store["add_function"]
            content = entry["metadata"]["liftrec"]["reply"]["body"]["choices"][0]["message"]["content"]
            n = len(offsets) - 3; size = -(-len(content) // n)
            pieces = [content[i * size:(i + 1) * size] for i in range(n)]
            def chunk(delta, finish=None):
                return json.dumps({"id": "chatcmpl-x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}, separators=(",", ":"))
            datas = [chunk({"role": "assistant", "content": ""})] + [chunk({"content": p}) for p in pieces] + [chunk({}, "stop"), "[DONE]"]
            entry["metadata"]["liftrec"]["stream"] = [{"event": None, "data": d, "offset_ms": o} for d, o in zip(datas, offsets)]
            json.dump(store, open(path, "w"), indent=2)
            """, to: "add_stream.py")
        let added = try await LiftrecProcess.run(["python3", "add_stream.py"] + offsets.map(String.init), in: project.root,
                                                 program: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(added.status == 0, "\(added.stderr)")
        try project.write(timingClient, to: "timing_client.py")
        return project
    }

    @Test func aRecordedStreamIsReplayedInOrderWithItsGaps() async throws {
        let project = try await Self.project(streaming: [0, 0, 150, 300, 450, 450])
        let outcome = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "recorded", "--", "python3", "timing_client.py", "1"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok 6"))
    }

    @Test func aFactorScalesTheRecordedGaps() async throws {
        let project = try await Self.project(streaming: [0, 0, 1_000, 2_000, 3_000, 3_000])
        let outcome = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "x0.1", "--", "python3", "timing_client.py", "0.1"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok 6"))
    }

    @Test func anUnknownTimingIsAUsageError() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["replay", "--serve", "--stream-timing", "slow"])
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("--stream-timing 'slow'"))
    }
}
