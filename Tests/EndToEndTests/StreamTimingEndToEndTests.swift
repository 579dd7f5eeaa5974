import Foundation
import Testing

// No time is measured here: when each event is due under --stream-timing is checked exactly, in-process, by
// ReplayStreamScheduleTests. This is the whole path through the binary and a real client.
@Suite struct StreamTimingEndToEndTests {
    /// A client of the OpenAI suite's first case that streams it with plain `http.client` and checks the events are the
    /// recorded ones in order and that their content joins to the recorded content.
    static let streamClient = """
            import json, os, http.client, urllib.parse
            suite = json.load(open("fixtures/suites/openai.json")); store = json.load(open("fixtures/recorded/openai.json"))
            case = suite["cases"][0]; d = suite["defaults"]; recorded = store[case["key"]]["metadata"]["liftrec"]["stream"]
            # The usage chunk liftrec asks for when it records goes only to a client that asks for usage, as this one does not.
            recorded = [e for e in recorded if not ('"choices":[]' in e["data"] and '"usage"' in e["data"])]
            body = {"model": suite["model"], "messages": [{"role": "user", "content": case["prompt"]}], "max_tokens": d["max_tokens"],
                    "temperature": d["temperature"], "top_p": d["top_p"], "stream": True,
                    "response_format": {"type": "json_schema", "json_schema": {"name": "output", "schema": suite["schemas"]["function"], "strict": True}}}
            url = urllib.parse.urlparse(os.environ["OPENAI_BASE_URL"])
            connection = http.client.HTTPConnection(url.hostname, url.port)
            connection.request("POST", url.path + "/chat/completions", json.dumps(body), {"Content-Type": "application/json"})
            response = connection.getresponse()
            assert response.status == 200, response.status
            arrivals = []
            while True:
                line = response.readline()
                if not line: break
                if line.startswith(b"data: "): arrivals.append(line[6:].rstrip(b"\\n").decode())
            assert arrivals == [e["data"] for e in recorded], arrivals
            text = "".join(json.loads(a)["choices"][0]["delta"].get("content") or "" for a in arrivals[:-1])
            assert text == store[case["key"]]["metadata"]["liftrec"]["reply"]["body"]["choices"][0]["message"]["content"], text
            print("ok", len(arrivals))
            """

    /// A project with the package's OpenAI suite and store, its first case given a recorded stream of events at `offsets`
    /// (a role, the content's pieces, the finish and `[DONE]`), and a client that checks their order and content.
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
        try project.write(streamClient, to: "stream_client.py")
        return project
    }

    @Test func aRecordedStreamIsReplayedInOrderAtAFactorOfItsPace() async throws {
        let project = try await Self.project(streaming: [0, 0, 150, 300, 450, 450])
        let outcome = try await project.run(["replay", "--serve", "--strict", "--stream-timing", "x0.1", "--", "python3", "stream_client.py"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok 6"))
    }
}
