import Foundation
import Testing

@Suite struct ReplayServeEndToEndTests {
    /// A ModalProvider-style client on Python's standard urllib: posts each case's exact body, checks the reply's
    /// ir_json against the store both parsed and as compact bytes, then checks health beside the generate URL.
    static let modalClient = """
        import json, os, sys, urllib.request
        url = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].startswith("http") else os.environ["MODAL_ENDPOINT_URL"]
        keys = [k for k in sys.argv[1:] if not k.startswith("http")]
        suite = json.load(open("fixtures/suites/provider.json"))
        store = json.load(open("fixtures/recorded/provider.json"))
        defaults = suite.get("defaults", {})
        for key in keys:
            case = next(c for c in suite["cases"] if c["key"] == key)
            schema = suite["schemas"][case["schema"]] if isinstance(case["schema"], str) else case["schema"]
            body = {"prompt": case["prompt"], "schema": schema,
                    "max_tokens": case.get("max_tokens", defaults.get("max_tokens", 2048)),
                    "temperature": case.get("temperature", defaults.get("temperature", 0.3)),
                    "top_p": case.get("top_p", defaults.get("top_p", 0.95))}
            request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
            expected = store[key]["response"]
            if json.loads(raw)["ir_json"] != expected:
                print("parsed mismatch", key); sys.exit(1)
            if b'"ir_json":' + json.dumps(expected, separators=(",", ":"), ensure_ascii=False).encode() not in raw:
                print("byte mismatch", key); sys.exit(1)
        with urllib.request.urlopen(url[:-len("/generate")] + "/health", timeout=10) as response:
            health = json.loads(response.read())
        if health["status"] != "healthy" or not health["model"].startswith("liftrec-replay"):
            print("bad health", health); sys.exit(1)
        print("ok", len(keys))
        """

    static let hasCurl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    private static let temperatureKeys = ["temperature_test_deterministic_run1", "temperature_test_deterministic_run2"]

    /// A project with the provider fixtures, the Python client, and run1/run2 made distinguishable.
    private static func project() async throws -> TemporaryProject {
        let project = try TemporaryProject(store: "provider-independent.json")
        try project.write(modalClient, to: "modal_client.py")
        var store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        for key in temperatureKeys {
            var entry = try #require(store[key] as? [String: Any])
            entry["response"] = ["description": "answer of \(key)", "name": "add_numbers"]
            store[key] = entry
        }
        try JSONSerialization.data(withJSONObject: store, options: [.sortedKeys]).write(to: project.storeURL)
        return project
    }

    private static func python(_ arguments: [String], in project: TemporaryProject) async throws -> (status: Int32, output: String) {
        let outcome = try await LiftrecProcess.run(["python3"] + arguments, in: project.root, program: URL(fileURLWithPath: "/usr/bin/env"))
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    private static func stats(_ url: URL) async throws -> [String: Any] {
        try LoopbackHTTP.object(try await LoopbackHTTP.request("GET", url.deletingLastPathComponent().appendingPathComponent("__liftrec/stats")).body)
    }

    @Test func pythonUrllibGetsEveryRecordedReplyAndHealthBesideTheURL() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve", "--port", "0"], in: project.root)
        let url = try await server.readURL()
        #expect(url.host == "127.0.0.1")
        #expect(url.path == "/generate")
        let keys = ["warmup_basic_function", "simple_ir_add_function", "xgrammar_constraint_enforcement", "max_tokens_quicksort_1024", "max_tokens_quicksort_4096"]
        let result = try await Self.python(["modal_client.py", url.absoluteString] + keys, in: project)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "ok 5\n")
        #expect(try await server.stop() == 0)
        #expect(server.stderrText.contains("replay: 5 generate requests: 5 hits, 0 misses"))
    }

    @Test(.enabled(if: hasCurl, "curl is not installed; this test needs a client liftrec did not write"))
    func curlGetsTheRecordedIrJsonByteForByte() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve"], in: project.root)
        let url = try await server.readURL()
        let body = #"{"prompt": "Write a sorting function", "schema": {}, "max_tokens": 2048, "temperature": 0.0, "top_p": 0.95}"#
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/provider.json")) as? [String: Any])
        let cases = try #require(suite["cases"] as? [[String: Any]])
        let schemaCase = try #require(cases.first { $0["key"] as? String == "schema_tolerance_and_validation" })
        var request = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        request["schema"] = schemaCase["schema"]
        try JSONSerialization.data(withJSONObject: request).write(to: project.root.appendingPathComponent("body.json"))

        let curl = try await LiftrecProcess.run(
            ["curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@body.json", url.absoluteString],
            in: project.root, program: URL(fileURLWithPath: "/usr/bin/env")
        )
        #expect(curl.status == 0, "\(curl.stderr)")
        let reply = Data(curl.stdout.utf8)

        let expected = try await Self.python(["-c", """
            import json, sys
            response = json.load(open("fixtures/recorded/provider.json"))["schema_tolerance_and_validation"]["response"]
            sys.stdout.write(json.dumps(response, separators=(",", ":"), ensure_ascii=False))
            """], in: project)
        #expect(String(decoding: reply, as: UTF8.self).contains("\"ir_json\":" + expected.output))
        let parsed = try LoopbackHTTP.object(reply)
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        let entry = try #require(store["schema_tolerance_and_validation"] as? [String: Any])
        #expect((parsed["ir_json"] as? NSDictionary) == (entry["response"] as? NSDictionary))
        #expect(try await server.stop() == 0)
    }

    @Test func theRealModalErrorReplyComesBackToUrllibWithExactlyItsRecordedMembers() async throws {
        let project = try await Self.project()
        // The reply the real endpoint gave for a missing prompt, kept as received: HTTP 200, no raw_output or ir_json.
        var store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        var entry = try #require(store["error_handling_missing_fields"] as? [String: Any])
        var metadata = try #require(entry["metadata"] as? [String: Any])
        var facts = try #require(metadata["liftrec"] as? [String: Any])
        facts["reply"] = ["status": 200, "body": ["error": "Missing required field: prompt", "status": 400]]
        metadata["liftrec"] = facts
        entry["metadata"] = metadata
        store["error_handling_missing_fields"] = entry
        try JSONSerialization.data(withJSONObject: store, options: [.sortedKeys]).write(to: project.storeURL)
        let script = """
            import json, os, sys, urllib.request
            suite = json.load(open("fixtures/suites/provider.json"))
            case = next(c for c in suite["cases"] if c["key"] == "error_handling_missing_fields")
            body = {"prompt": case["prompt"], "schema": case["schema"], "max_tokens": case["max_tokens"],
                    "temperature": suite["defaults"]["temperature"], "top_p": suite["defaults"]["top_p"]}
            request = urllib.request.Request(os.environ["MODAL_ENDPOINT_URL"], data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json"}, method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                status, reply = response.status, json.loads(response.read())
            expected = {"error": "Missing required field: prompt", "status": 400}
            if status != 200 or reply != expected:
                print("mismatch", status, reply); sys.exit(1)
            print("ok")
            """
        let outcome = try await project.run(["replay", "--serve", "--", "python3", "-c", script])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok"))
        #expect(try await project.run(["verify"]).status == 0)
    }

    @Test func sigtermStopsTheServerWhichPrintsItsStatsAndExitsZero() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve"], in: project.root)
        let url = try await server.readURL()
        #expect(try await LoopbackHTTP.request("POST", url, body: Data(#"{"prompt": "no such case"}"#.utf8)).status == 404)
        #expect(try await Self.stats(url)["misses"] as? Int == 1)
        #expect(try await server.stop(with: SIGTERM) == 0)
        #expect(server.stderrText.contains("replay: 1 generate request: 0 hits, 1 miss\n"))
        #expect(await server.remainingStdout() == "")
    }

    @Test func strictMakesAMissExitOneOnSigint() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve", "--strict"], in: project.root)
        let url = try await server.readURL()
        let miss = try await LoopbackHTTP.request("POST", url, body: Data(#"{"prompt": "no such case"}"#.utf8))
        let reply = try LoopbackHTTP.object(miss.body)
        #expect((reply["nearest"] as? [String: Any])?["differs"] as? [String] == ["prompt", "schema", "params"])
        #expect(try await server.stop(with: SIGINT) == 1)
        #expect(server.stderrText.contains("  miss "))
        #expect(server.stderrText.contains("--strict: 1 request found no fixture"))
    }

    @Test func jsonPrintsTheReportAfterTheURLLine() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve", "--json", "--suite", "provider"], in: project.root)
        let url = try await server.readURL()
        #expect(try await Self.python(["modal_client.py", url.absoluteString, "simple_ir_add_function"], in: project).status == 0)
        #expect(try await server.stop() == 0)
        let report = try LoopbackHTTP.object(Data(await server.remainingStdout().utf8))
        #expect(report["command"] as? String == "replay")
        #expect(report["ok"] as? Bool == true)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["hits"] as? Int == 1)
        #expect(summary["url"] as? String == url.absoluteString)
        let cases = try #require((report["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect(cases.first { $0["key"] as? String == "simple_ir_add_function" }?["status"] as? String == "hit")
        #expect(!server.stderrText.contains("replay: "))
    }

    @Test func maxBodyRefusesLargerBodiesWith413() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(["replay", "--serve", "--max-body", "64"], in: project.root)
        let url = try await server.readURL()
        let response = try await LoopbackHTTP.request("POST", url, body: Data(repeating: UInt8(ascii: " "), count: 65))
        #expect(response.status == 413)
        #expect(try await server.stop() == 0)
    }

    @Test func aWrappedScriptGetsTheTwoIdenticalRequestsRecordingsInOrderAndItsStatusIsLiftrecs() async throws {
        let project = try await Self.project()
        let outcome = try await project.run(["replay", "--serve", "--", "python3", "modal_client.py"] + Self.temperatureKeys)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout == "ok 2\n")
        #expect(outcome.stderr.contains("liftrec: serving fixtures at http://127.0.0.1:"))
        #expect(outcome.stderr.contains("replay: 2 generate requests: 2 hits, 0 misses"))

        // Reversed, the second request gets run2's answer where the script expects run1's.
        let reversed = try await project.run(["replay", "--serve", "--", "python3", "modal_client.py"] + Self.temperatureKeys.reversed())
        #expect(reversed.status == 1)
        #expect(reversed.stdout.contains("parsed mismatch temperature_test_deterministic_run2"))
    }

    @Test func theReceiptNamesWhatEachFixtureAnsweredAndPruneListsTheUnusedCasesOfAHandWrittenSuite() async throws {
        let project = try await Self.project()
        let outcome = try await project.run(["replay", "--serve", "--receipt", "receipt.json", "--", "python3", "modal_client.py"] + Self.temperatureKeys)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stderr.contains("replay: receipt: 2 of 9 fixtures answered requests: provider/temperature_test_deterministic_run1 ×1, provider/temperature_test_deterministic_run2 ×1"), "\(outcome.stderr)")
        let receipt = try #require(try JSONSerialization.jsonObject(with: project.read("receipt.json")) as? [String: Any])
        let cases = try #require((receipt["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let unused = Set(cases.filter { $0["status"] as? String == "unused" }.compactMap { $0["key"] as? String })
        #expect(unused.count == 7)
        #expect(unused.isDisjoint(with: Self.temperatureKeys))
        // A hand-written suite keeps its cases and so their fixtures: removing only the fixtures would fail verify.
        let prune = try await project.run(["prune", "--unused-in", "receipt.json"])
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.contains("kept 7 unused cases of hand-written suites, and their fixtures: "), "\(prune.stdout)")
        #expect(unused.allSatisfy { prune.stdout.contains("provider/\($0)") })
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        #expect(store.count == 9)
        #expect(try await project.run(["verify"]).status == 0)
    }

    @Test func strictFailsARunThatUsedNoFixtureAtAll() async throws {
        let project = try await Self.project()
        let outcome = try await project.run(["replay", "--serve", "--strict", "--", "python3", "-c", "pass"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("replay: --strict: no request used a fixture, so the run proved nothing about them"))
        #expect(try await project.run(["replay", "--serve", "--", "python3", "-c", "pass"]).status == 0)
    }

    @Test func theWrappedCommandsExitStatusAndSignalDeathPassThrough() async throws {
        let project = try await Self.project()
        #expect(try await project.run(["replay", "--serve", "--", "python3", "-c", "import sys; sys.exit(3)"]).status == 3)
        #expect(try await project.run(["replay", "--serve", "--", "sh", "-c", "kill -TERM $$"]).status == 128 + SIGTERM)
        let missing = try await project.run(["replay", "--serve", "--", "liftrec-no-such-command"])
        #expect(missing.status == 127)
        #expect(missing.stderr.contains("cannot run \"liftrec-no-such-command\""))
    }

    @Test func strictTurnsAWrappedSuccessWithAMissIntoOne() async throws {
        let project = try await Self.project()
        let script = """
            import os, urllib.error, urllib.request
            try:
                urllib.request.urlopen(urllib.request.Request(os.environ["LIFTREC_ENDPOINT"], data=b'{"prompt": "unknown"}', method="POST"))
            except urllib.error.HTTPError as error:
                print(error.code)
            """
        let outcome = try await project.run(["replay", "--serve", "--strict", "--", "python3", "-c", script])
        #expect(outcome.stdout == "404\n")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("  miss "))
        #expect(try await project.run(["replay", "--serve", "--", "python3", "-c", script]).status == 0)
    }

    @Test func aSignalToLiftrecReachesTheWrappedCommand() async throws {
        let project = try await Self.project()
        let server = try ServingLiftrec(
            ["replay", "--serve", "--", "sh", "-c", "trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done"], in: project.root
        )
        #expect(await server.readLine() == "ready")
        #expect(try await server.stop(with: SIGTERM) == 7)
    }

    @Test(arguments: [true, false])
    func nothingTheWrappedCommandStartedOutlivesLiftrec(signalled: Bool) async throws {
        let project = try await Self.project()
        // The command leaves a grandchild behind: a sleep in the background whose pid it prints.
        let script = signalled ? "sleep 300 & echo $!; wait" : "sleep 300 & echo $!; exit 0"
        let server = try ServingLiftrec(["replay", "--serve", "--", "sh", "-c", script], in: project.root)
        let line = await server.readLine()
        let grandchild = try #require(line.flatMap { pid_t($0) }, "the command printed no pid: \(String(describing: line))")
        // Without a signal the command has already exited by now, and liftrec may have ended its group.
        if signalled { #expect(Self.isRunning(grandchild)) }
        let status = signalled ? try await server.stop(with: SIGTERM) : try await server.waitForExit()
        #expect(status == (signalled ? 128 + SIGTERM : 0))
        #expect(await Self.ends(grandchild), "the grandchild \(grandchild) outlived liftrec")
    }

    // A process that has exited but not been reaped is a zombie: gone for every purpose that matters here.
    private static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
    }

    // The group is signalled before liftrec exits, but the kernel delivers it to the grandchild on its own time.
    private static func ends(_ pid: pid_t) async -> Bool {
        for _ in 0..<600 where isRunning(pid) {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return !isRunning(pid)
    }

    @Test func captureModeRecordsAMissFromTheSimulatorAndTheNextIdenticalRequestHits() async throws {
        let project = try TemporaryProject()
        try project.write("""
            {"format": "liftrec-suite/1", "name": "provider", "store": "fixtures/recorded/provider.json",
             "defaults": {"max_tokens": 2048, "temperature": 0.0, "top_p": 0.95},
             "cases": [{"key": "simple_ir_add_function", "prompt": "Write add", "schema": {"type": "object"}, "metadata": {"test": "simple_ir"}}]}
            """, to: "fixtures/suites/provider.json")
        let server = try ServingLiftrec(["replay", "--serve", "--upstream", "sim", "--record-missing"], in: project.root)
        let url = try await server.readURL()
        let body = Data(#"{"prompt": "Write add", "schema": {"type": "object"}, "max_tokens": 2048, "temperature": 0.0, "top_p": 0.95}"#.utf8)
        let first = try await LoopbackHTTP.request("POST", url, body: body)
        #expect(first.status == 200)
        var stats = try await Self.stats(url)
        #expect(stats["misses"] as? Int == 1)
        #expect(stats["recorded"] as? Int == 1)
        let second = try await LoopbackHTTP.request("POST", url, body: body)
        #expect(second.status == 200)
        #expect((try LoopbackHTTP.object(second.body))["ir_json"] as? NSDictionary == (try LoopbackHTTP.object(first.body))["ir_json"] as? NSDictionary)
        stats = try await Self.stats(url)
        #expect(stats["hits"] as? Int == 1)
        let missed = try #require((stats["missed"] as? [[String: Any]])?.first)
        #expect(missed["recorded_as"] as? String == "provider/simple_ir_add_function")
        #expect(try await server.stop() == 0)
        // The closing summary says the miss was stored, not that it needs `liftrec record`.
        #expect(server.stderrText.contains("recorded from the upstream as provider/simple_ir_add_function; the next run serves it offline"), "\(server.stderrText)")
        #expect(!server.stderrText.contains("run 'liftrec record"))

        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/provider.json")) as? [String: Any])
        let entry = try #require(store["simple_ir_add_function"] as? [String: Any])
        let metadata = try #require(entry["metadata"] as? [String: Any])
        let facts = try #require(metadata["liftrec"] as? [String: Any])
        #expect(facts["endpoint"] as? String == "sim")
        #expect(facts["status"] as? String == "ok")
        #expect(metadata["test"] as? String == "simple_ir")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("fixtures/recorded/.provider.json.journal").path))
        #expect(try await project.run(["verify"]).status == 0)
    }

    @Test func recordMissingWithoutUpstreamAndACommandWithoutServeAreUsageErrors() async throws {
        let project = try await Self.project()
        let capture = try await project.run(["replay", "--serve", "--record-missing"])
        #expect(capture.status == 2)
        #expect(capture.stderr == "liftrec: --record-missing needs --upstream URL (or --upstream sim) to ask for the replies it stores\n")
        let wrap = try await project.run(["replay", "--", "pytest"])
        #expect(wrap.status == 2)
        #expect(wrap.stderr.contains("add --serve"))
    }
}
