import Foundation
import Testing

@Suite struct ProtocolsEndToEndTests {
    /// A project holding the package's own suite `name` and, optionally, its recorded store.
    static func project(_ name: String, recorded: Bool) throws -> TemporaryProject {
        let project = try TemporaryProject()
        let package = LiftrecProcess.packageRoot
        for folder in recorded ? ["suites", "recorded"] : ["suites"] {
            let file = "fixtures/\(folder)/\(name).json"
            try project.write(String(contentsOf: package.appendingPathComponent(file), encoding: .utf8), to: file)
        }
        return project
    }

    private static func openAIProject(recorded: Bool) throws -> TemporaryProject {
        try project("openai", recorded: recorded)
    }

    /// Every file under the project, as text, so a canary can be looked for in stores, journals and reports alike.
    private static func everyFile(in project: TemporaryProject) throws -> [String] {
        let files = FileManager.default.enumerator(at: project.root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    /// True when Python can import `module`.
    static func pythonImports(_ module: String) async -> Bool {
        let outcome = try? await LiftrecProcess.run(["python3", "-c", "import \(module)"], in: FileManager.default.temporaryDirectory,
                                                    program: URL(fileURLWithPath: "/usr/bin/env"))
        return outcome?.status == 0
    }

    @Test func openAIRecordsFromTheLoopbackSimulatorVerifiesCleanAndASchemaEditIsStale() async throws {
        let simulator = try LoopbackSimulator()
        let project = try Self.openAIProject(recorded: false)
        let key = "sk-canary-5e1f07"
        let record = try await project.run(["record", "--suite", "openai", "--endpoint", simulator.origin, "--verbose"], environment: ["OPENAI_API_KEY": key])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        #expect(simulator.observed.headers.contains { $0["authorization"] == "Bearer \(key)" })
        for text in try Self.everyFile(in: project) + [record.stdout, record.stderr] {
            #expect(!text.contains(key))
        }
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/openai.json")) as? [String: Any])
        let entry = try #require(store["add_function"] as? [String: Any])
        #expect((entry["response"] as? [String: Any])?["name"] != nil)
        #expect(try await project.run(["verify", "--suite", "openai"]).status == 0)
        try await Self.expectStaleAfterEditingTheSchema(of: "openai", naming: "response_format", in: project)
    }

    /// Edits suite `name`'s shared schema `schema` and expects verify to call the cases using it stale, naming the
    /// request part that carries it (`member`).
    private static func expectStaleAfterEditingTheSchema(
        _ schema: String = "function", of name: String, naming member: String, in project: TemporaryProject
    ) async throws {
        let file = project.root.appendingPathComponent("fixtures/suites/\(name).json")
        var suite = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var schemas = try #require(suite["schemas"] as? [String: Any])
        var edited = try #require(schemas[schema] as? [String: Any])
        edited["minProperties"] = 3
        schemas[schema] = edited
        suite["schemas"] = schemas
        try JSONSerialization.data(withJSONObject: suite).write(to: file)
        let verify = try await project.run(["verify", "--suite", name, "--json"])
        #expect(verify.status == 1)
        let cases = try #require((TemporaryProject.json(verify)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let stale = cases.filter { $0["status"] as? String == "stale" }
        #expect(!stale.isEmpty && cases.allSatisfy { ["stale", "ok"].contains($0["status"] as? String) })
        #expect(stale.allSatisfy { (($0["problems"] as? [[String: Any]])?.first?["message"] as? String)?.contains("case's \(member) changed") == true })
    }

    @Test func twoSuitesOnOneEndpointEachSendTheirOwnKey() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        for (name, variable) in [("first", "FIRST_KEY"), ("second", "SECOND_KEY")] {
            try project.write("""
                {"format": "liftrec-suite/1", "name": "\(name)", "protocol": "openai-chat", "auth_env": "\(variable)", "model": "m",
                 "cases": [{"key": "\(name)_case", "prompt": "Say \(name)", "schema": {"type": "object"}}]}
                """, to: "fixtures/suites/\(name).json")
        }
        let record = try await project.run(["record", "--suite", "first", "--suite", "second", "--endpoint", simulator.origin],
                                           environment: ["FIRST_KEY": "key-one", "SECOND_KEY": "key-two"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        let sent = simulator.observed.headers.compactMap { $0["authorization"] }
        #expect(sent.contains("Bearer key-one") && sent.contains("Bearer key-two"))
    }

    @Test func modalRecordsFromTheLoopbackSimulatorVerifiesCleanAndASchemaEditIsStale() async throws {
        let simulator = try LoopbackSimulator()
        let project = try TemporaryProject()
        let record = try await project.run(["record", "--suite", "provider", "--endpoint", simulator.generateURL])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        #expect(try await project.run(["verify", "--suite", "provider"]).status == 0)
        try await Self.expectStaleAfterEditingTheSchema("ir", of: "provider", naming: "schema", in: project)
    }

    @Test func openAITruncationAtMaxTokensIsNotStored() async throws {
        let simulator = try LoopbackSimulator(settings: "sim:truncate-under=100")
        let project = try Self.openAIProject(recorded: false)
        try project.write(#"""
            {"format": "liftrec-suite/1", "name": "openai", "protocol": "openai-chat", "model": "m",
             "cases": [{"key": "short", "prompt": "Write add", "schema": {"type": "object"}, "max_tokens": 10}]}
            """#, to: "fixtures/suites/openai.json")
        let outcome = try await project.run(["record", "--suite", "openai", "--endpoint", simulator.origin, "--json"])
        #expect(outcome.status == 1)
        let cases = try #require((TemporaryProject.json(outcome)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        #expect((cases.first?["problems"] as? [[String: Any]])?.first?["kind"] as? String == "truncated")
    }

    /// Runs client.py against replay --serve with the key in `variable`, and expects it to pass with the key unprinted.
    private static func expectClientPassesWithoutLeaking(key: String, named variable: String, in project: TemporaryProject) async throws {
        let outcome = try await project.run(["replay", "--serve", "--verbose", "--", "python3", "client.py"], environment: [variable: key])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok"))
        #expect(!outcome.stdout.contains(key) && !outcome.stderr.contains(key))
    }

    /// The start of a client script: the suite, its store and a client, then a loop over the cases whose body follows.
    private static func clientPrelude(module: String, suite: String, client: String) -> String {
        """
        import json, \(module)
        suite = json.load(open("fixtures/suites/\(suite).json"))
        store = json.load(open("fixtures/recorded/\(suite).json"))
        client = \(client)
        schema = suite["schemas"]["function"]
        for case in suite["cases"]:
            defaults = suite["defaults"]
        """
    }

    @Test(.enabled("the Python openai package is not installed (pip install openai)") { await Self.pythonImports("openai") })
    func theOfficialOpenAIClientGetsTheRecordedOutputFromReplayServeAndItsKeyIsNeverLogged() async throws {
        let project = try Self.openAIProject(recorded: true)
        try project.write("""
            \(Self.clientPrelude(module: "openai", suite: "openai", client: "openai.OpenAI()"))
                request = dict(model=suite["model"], messages=[{"role": "user", "content": case["prompt"]}],
                               max_tokens=case.get("max_tokens", defaults["max_tokens"]), temperature=defaults["temperature"], top_p=defaults["top_p"])
                reply = client.chat.completions.create(
                    response_format={"type": "json_schema", "json_schema": {"name": "output", "schema": schema, "strict": True}}, **request)
                assert json.loads(reply.choices[0].message.content) == store[case["key"]]["response"], case["key"]
                # vLLM's spelling of the same schema, without the name and strict the case gives, is another request.
                try:
                    client.chat.completions.create(extra_body={"guided_json": schema}, **request)
                    raise AssertionError("guided_json without a name answered from a case that names its schema")
                except openai.NotFoundError:
                    pass
            assert [model.id for model in client.models.list()], "no models"
            import os, urllib.request
            origin = os.environ["OPENAI_BASE_URL"][:-len("/v1")]
            for report in ["/__liftrec/journal", "/__liftrec/stats"]:
                text = urllib.request.urlopen(origin + report, timeout=10).read().decode()
                assert os.environ["OPENAI_API_KEY"] not in text and "Bearer" not in text, report
            print("ok")
            """, to: "client.py")
        try await Self.expectClientPassesWithoutLeaking(key: "sk-canary-90ab4c", named: "OPENAI_API_KEY", in: project)
        let placeholder = try await project.run(["replay", "--serve", "--", "python3", "client.py"])
        #expect(placeholder.status == 0, "an unset OPENAI_API_KEY gets a placeholder so the client starts: \(placeholder.stderr)")
    }

    @Test func anthropicRecordsFromTheLoopbackSimulatorWithItsHeadersVerifiesCleanAndASchemaEditIsStale() async throws {
        let simulator = try LoopbackSimulator()
        let project = try Self.project("anthropic", recorded: false)
        let key = "sk-ant-canary-3d9e"
        let record = try await project.run(["record", "--suite", "anthropic", "--endpoint", simulator.origin], environment: ["ANTHROPIC_API_KEY": key])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        #expect(simulator.observed.headers.contains { $0["x-api-key"] == key && $0["anthropic-version"] == "2026-10-21" })
        for text in try Self.everyFile(in: project) + [record.stdout, record.stderr] {
            #expect(!text.contains(key))
        }
        #expect(try await project.run(["verify", "--suite", "anthropic"]).status == 0)
        try await Self.expectStaleAfterEditingTheSchema(of: "anthropic", naming: "tools", in: project)
    }

    @Test(.enabled("the Python anthropic package is not installed (pip install anthropic)") { await Self.pythonImports("anthropic") })
    func theOfficialAnthropicClientGetsTheRecordedToolInputFromReplayServe() async throws {
        let project = try Self.project("anthropic", recorded: true)
        try project.write("""
            \(Self.clientPrelude(module: "anthropic", suite: "anthropic", client: "anthropic.Anthropic()"))
                reply = client.messages.create(
                    model=suite["model"], max_tokens=case.get("max_tokens", defaults["max_tokens"]),
                    messages=[{"role": "user", "content": case["prompt"]}],
                    # Recent clients no longer take sampling parameters as arguments; the API still reads them.
                    extra_body={"temperature": defaults["temperature"], "top_p": defaults["top_p"]},
                    tools=[{"name": "output", "description": "Give the answer as this tool's input.", "input_schema": schema}],
                    tool_choice={"type": "tool", "name": "output"})
                block = next(b for b in reply.content if b.type == "tool_use")
                assert block.input == store[case["key"]]["response"], case["key"]
            print("ok")
            """, to: "client.py")
        try await Self.expectClientPassesWithoutLeaking(key: "sk-ant-canary-77c1", named: "ANTHROPIC_API_KEY", in: project)
    }

    /// A client that streams every case of the `openai` and `anthropic` suites with the official Python clients and checks
    /// the assembled text and tool input are exactly the recorded ones; with `--recorded-stream`, also that they are the
    /// content of the events the fixture kept.
    static let officialStreamClient = """
        import json, sys, openai, anthropic
        kept = "--recorded-stream" in sys.argv
        for name in ["openai", "anthropic"]:
            suite = json.load(open(f"fixtures/suites/{name}.json")); store = json.load(open(f"fixtures/recorded/{name}.json"))
            schema = suite["schemas"]["function"]; d = suite["defaults"]
            for case in suite["cases"]:
                mt = case.get("max_tokens", d["max_tokens"]); msgs = [{"role": "user", "content": case["prompt"]}]
                liftrec = store[case["key"]]["metadata"]["liftrec"]; assert not kept or liftrec.get("stream"), case["key"]
                if name == "openai":
                    c = openai.OpenAI()
                    kw = dict(model=suite["model"], messages=msgs, max_tokens=mt, temperature=d["temperature"], top_p=d["top_p"],
                              response_format={"type": "json_schema", "json_schema": {"name": "output", "schema": schema, "strict": True}})
                    text = "".join(ch.choices[0].delta.content or "" for ch in c.chat.completions.create(stream=True, **kw) if ch.choices)
                    assert text == liftrec["reply"]["body"]["choices"][0]["message"]["content"], text
                    assert json.loads(text) == store[case["key"]]["response"]
                    if kept:
                        recorded = "".join((json.loads(e["data"])["choices"] or [{}])[0].get("delta", {}).get("content") or ""
                                           for e in liftrec["stream"] if e["data"] != "[DONE]")
                        assert text.encode() == recorded.encode(), (text, recorded)
                else:
                    c = anthropic.Anthropic()
                    with c.messages.stream(model=suite["model"], max_tokens=mt, messages=msgs, extra_body={"temperature": d["temperature"], "top_p": d["top_p"]},
                            tools=[{"name": "output", "description": "Give the answer as this tool's input.", "input_schema": schema}],
                            tool_choice={"type": "tool", "name": "output"}) as s:
                        final = s.get_final_message()
                    block = next(b for b in final.content if b.type == "tool_use")
                    assert block.input == store[case["key"]]["response"], block.input
                    if kept:
                        names = [e["event"] for e in liftrec["stream"]]
                        assert names[0] == "message_start" and names[-1] == "message_stop", names
        print("ok")
        """

    @Test(.enabled("the Python openai and anthropic packages are not installed (pip install openai anthropic)") {
        let openAI = await Self.pythonImports("openai")
        return openAI ? await Self.pythonImports("anthropic") : false
    })
    func streamedRequestsFromTheOfficialClientsAssembleExactlyTheRecordedContent() async throws {
        let project = try Self.project("openai", recorded: true)
        let package = LiftrecProcess.packageRoot
        for file in ["fixtures/suites/anthropic.json", "fixtures/recorded/anthropic.json"] {
            try project.write(String(contentsOf: package.appendingPathComponent(file), encoding: .utf8), to: file)
        }
        // Both suites were recorded without streaming; the server makes each protocol's events from the content.
        try project.write(Self.officialStreamClient, to: "stream_client.py")
        let outcome = try await project.run(["replay", "--serve", "--strict", "--", "python3", "stream_client.py"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("ok"))
    }
}

@Suite struct RequestCaseEndToEndTests {
    /// A chat suite of every output kind, written as shorthand and as whole requests.
    static let suite = #"""
        {"format": "liftrec-suite/1", "name": "calls", "protocol": "openai-chat", "model": "m",
         "cases": [
          {"key": "plain_text", "prompt": "Say hello."},
          {"key": "multi_turn", "request": {"model": "m", "seed": 7, "messages": [
            {"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "Again?"}]}},
          {"key": "weather_tool", "prompt": "Weather in Oslo?", "tool_choice": "required",
           "tools": [{"type": "function", "function": {"name": "get_weather",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]},
          {"key": "json_out", "prompt": "A number.", "schema": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}},
          {"key": "claude_text", "protocol": "anthropic-messages", "prompt": "Say hi.", "system": "Be terse.", "max_tokens": 64},
          {"key": "claude_format", "protocol": "anthropic-messages", "request": {"model": "m", "max_tokens": 64,
            "messages": [{"role": "user", "content": "A name."}],
            "output_config": {"format": {"type": "json_schema", "schema": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}}}
         ]}
        """#

    @Test func everyOutputKindIsRecordedFromTheSimulatorVerifiedAndATheToolEditIsStaleByName() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/calls.json")
        let record = try await project.run(["record", "--suite", "calls", "--endpoint", "sim"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/calls.json")) as? [String: [String: Any]])
        #expect((store["plain_text"]?["response"] as? String)?.isEmpty == false)
        #expect((store["multi_turn"]?["response"] as? String)?.isEmpty == false)
        let calls = try #require(store["weather_tool"]?["response"] as? [[String: Any]])
        #expect(calls.first?["name"] as? String == "get_weather")
        #expect((calls.first?["arguments"] as? [String: Any])?["city"] is String)
        #expect((store["json_out"]?["response"] as? [String: Any])?["n"] is Int)
        #expect(store["claude_text"]?["response"] is String)
        #expect((store["claude_format"]?["response"] as? [String: Any])?["name"] is String)
        let facts = (store["weather_tool"]?["metadata"] as? [String: Any])?["liftrec"] as? [String: Any]
        #expect(facts?["output"] as? String == "tool_calls")
        #expect((facts?["members_sha256"] as? [String: String]).map { Set($0.keys) } == ["messages", "model", "tool_choice", "tools"])
        let verify = try await project.run(["verify", "--suite", "calls"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        let edited = Self.suite.replacingOccurrences(of: #""required": ["city"]"#, with: #""required": ["city"], "additionalProperties": false"#)
        try project.write(edited, to: "fixtures/suites/calls.json")
        let stale = try await project.run(["verify", "--suite", "calls"])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("the case's tools changed since it was recorded"), "\(stale.stdout)")
        #expect(stale.stdout.components(separatedBy: "stale").count - 1 >= 1)
    }

    @Test func aStoredToolCallWhoseArgumentsBreakTheToolsSchemaFailsVerifyNamingTheTool() async throws {
        let project = try TemporaryProject()
        try project.write(Self.suite, to: "fixtures/suites/calls.json")
        #expect(try await project.run(["record", "--suite", "calls", "--endpoint", "sim", "--only", "weather_tool"]).status == 0)
        let path = "fixtures/recorded/calls.json"
        let text = try String(contentsOf: project.root.appendingPathComponent(path), encoding: .utf8)
        let broken = try #require(text.range(of: #""city": "#)).upperBound
        try project.write(text.replacingCharacters(in: broken..<broken, with: "7, \"town\": "), to: path)
        let verify = try await project.run(["verify", "--suite", "calls"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains(#"tool "get_weather""#), "\(verify.stdout)")
    }
}

@Suite struct TextDiffEndToEndTests {
    @Test func newWordingOfATextOutputIsTextChangedAndFailsOnlyWhenAskedFor() async throws {
        let project = try TemporaryProject()
        try project.write(#"""
            {"format": "liftrec-suite/1", "name": "chat", "protocol": "openai-chat", "model": "m",
             "cases": [{"key": "hello", "prompt": "Say hello."}, {"key": "json", "prompt": "A number.", "schema": {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}}]}
            """#, to: "fixtures/suites/chat.json")
        #expect(try await project.run(["record", "--suite", "chat", "--endpoint", "sim:seed=1"]).status == 0)
        try FileManager.default.copyItem(at: project.root.appendingPathComponent("fixtures/recorded/chat.json"), to: project.root.appendingPathComponent("first.json"))
        #expect(try await project.run(["record", "--suite", "chat", "--all", "--endpoint", "sim:seed=2"]).status == 0)
        let diff = try await project.run(["diff", "--suite", "chat", "--against", "first.json", "--json"])
        let cases = try #require((TemporaryProject.json(diff)["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        var statuses: [String: String] = [:]
        for item in cases { if let key = item["key"] as? String { statuses[key] = item["status"] as? String } }
        #expect(statuses["hello"] == "text_changed")
        #expect(statuses["json"] == "changed" || statuses["json"] == "same")
        let textOnly = try await project.run(["diff", "--suite", "chat", "--against", "first.json", "--ignore", "/n"])
        #expect(textOnly.status == 0, "\(textOnly.stdout)")
        let strict = try await project.run(["diff", "--suite", "chat", "--against", "first.json", "--ignore", "/n", "--fail-on", "unstable"])
        #expect(strict.status == 1)
    }
}

@Suite struct SimulatedAuthEndToEndTests {
    @Test(arguments: [("gemini", "GEMINI_API_KEY"), ("responses", "OPENAI_API_KEY"), ("anthropic", "ANTHROPIC_API_KEY")])
    func theSimulatorRefusesARequestWithoutAKeyInTheProtocolsShapeWhenAskedTo(suite: String, variable: String) async throws {
        let project = try ProtocolsEndToEndTests.project(suite, recorded: false)
        let refused = await project.runInProcess(["record", "--suite", suite, "--endpoint", "sim:auth=required", "--json"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("API key was refused"), "\(refused.stdout)")
        let accepted = await project.runInProcess(["record", "--suite", suite, "--endpoint", "sim:auth=required"], environment: [variable: "key-for-the-simulator"])
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
    }
}
