import Foundation
import Testing

/// The calls a test suite makes, through the official clients: learned once from an upstream, replayed offline.
private let clientTests = #"""
import json, openai, anthropic

oa = openai.OpenAI(max_retries=0)
an = anthropic.Anthropic(max_retries=0)
WEATHER = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": False}
PERSON = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": False}
OA_TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather now", "parameters": WEATHER}}]
AN_TOOLS = [{"name": "get_weather", "description": "Weather now", "input_schema": WEATHER}]

def case(key):
    return {"X-Liftrec-Case": key}

def test_openai_text():
    reply = oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "Say hello."}], extra_headers=case("openai_text"))
    assert reply.choices[0].message.content

def test_openai_json():
    reply = oa.chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": "Name a person."}],
        response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": PERSON, "strict": True}}, extra_headers=case("openai_json"))
    assert json.loads(reply.choices[0].message.content)["name"]

def test_openai_tool():
    reply = oa.chat.completions.create(
        model="gpt-test", messages=[{"role": "user", "content": "Weather in Oslo?"}], tools=OA_TOOLS,
        tool_choice={"type": "function", "function": {"name": "get_weather"}}, extra_headers=case("openai_tool"))
    call = reply.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather" and json.loads(call.function.arguments)["city"]

def test_openai_stream():
    chunks = oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "Count."}], stream=True, extra_headers=case("openai_stream"))
    assert "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)

def test_openai_multi_turn():
    reply = oa.chat.completions.create(model="gpt-test", seed=7, extra_headers=case("openai_multi_turn"), messages=[
        {"role": "system", "content": "Be terse."}, {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello."}, {"role": "user", "content": "And again?"}])
    assert reply.choices[0].message.content

def test_anthropic_text():
    reply = an.messages.create(model="claude-test", max_tokens=128, system="Be terse.",
                               messages=[{"role": "user", "content": "Say hi."}], extra_headers=case("anthropic_text"))
    assert reply.content[0].text

def test_anthropic_tool():
    reply = an.messages.create(model="claude-test", max_tokens=128, messages=[{"role": "user", "content": "Weather in Oslo?"}],
                               tools=AN_TOOLS, tool_choice={"type": "tool", "name": "get_weather"}, extra_headers=case("anthropic_tool"))
    assert reply.content[0].input["city"]

def test_anthropic_output_format():
    reply = an.messages.create(model="claude-test", max_tokens=128, messages=[{"role": "user", "content": "Name a person."}],
                               output_config={"format": {"type": "json_schema", "schema": PERSON}}, extra_headers=case("anthropic_format"))
    assert json.loads(reply.content[0].text)["name"]

def test_anthropic_stream():
    with an.messages.stream(model="claude-test", max_tokens=128, messages=[{"role": "user", "content": "Count."}],
                            extra_headers=case("anthropic_stream")) as stream:
        assert "".join(stream.text_stream)
"""#

/// The forced tool call of `test_openai_tool` with one more tool declared: another request.
private let oneMoreTool = #"""
import openai
oa = openai.OpenAI(max_retries=0)
tools = [{"type": "function", "function": {"name": "get_weather", "description": "Weather now", "parameters":
          {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": False}}},
         {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]
try:
    oa.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "Weather in Oslo?"}], tools=tools,
                               tool_choice={"type": "function", "function": {"name": "get_weather"}})
    print("answered")
except openai.NotFoundError as error:
    print("miss:", error)
"""#

@Suite struct AnyCallEndToEndTests {
    private static let pytest = ["--", "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    private static let keys = ["OPENAI_API_KEY": "sk-canary-openai-4f1e", "ANTHROPIC_API_KEY": "sk-ant-canary-77c2"]

    static func clientsInstalled() async -> Bool {
        for module in ["pytest", "openai", "anthropic"] where !(await ProtocolsEndToEndTests.pythonImports(module)) { return false }
        return true
    }

    @Test(.enabled("pytest, openai and anthropic are not installed (pip install pytest openai anthropic)") { await Self.clientsInstalled() })
    func aProjectWithNoSuitesLearnsEveryCallThenReplaysItOfflineAndPrunesWhatATestNoLongerMakes() async throws {
        let (upstream, upstreamProject, _, base) = try await ServingLiftrec.simulatorUpstream()
        let project = try ServingLiftrec.emptyProject()
        try project.write(clientTests, to: "tests/test_calls.py")
        let learning = try await project.run(
            ["replay", "--serve", "--upstream", base + "/v1", "--record-missing", "--learn", "learned"] + Self.pytest, environment: Self.keys
        )
        #expect(learning.status == 0, "\(learning.stdout)\(learning.stderr)")
        #expect(learning.stderr.contains("replay: learned 9 cases into fixtures/suites/learned.json"), "\(learning.stderr)")
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/learned.json")) as? [String: Any])
        #expect(suite["origin"] as? String == "learned")
        let cases = try #require(suite["cases"] as? [[String: Any]])
        #expect(Set(cases.compactMap { $0["protocol"] as? String }) == ["openai-chat", "anthropic-messages"])
        #expect(cases.allSatisfy { ($0["request"] as? [String: Any])?["stream"] == nil })

        let offline = try await project.run(["replay", "--serve", "--strict", "--suite", "learned"] + Self.pytest, environment: Self.keys)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stderr.contains("9 hits, 0 misses"), "\(offline.stderr)")
        let verify = try await project.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        for file in try Self.everyFile(in: project) + [learning.stdout, learning.stderr, offline.stdout, offline.stderr] {
            for key in Self.keys.values { #expect(!file.contains(key)) }
        }

        try project.write(oneMoreTool, to: "miss.py")
        let miss = try await project.run(["replay", "--serve", "--strict", "--", "python3", "miss.py"], environment: Self.keys)
        #expect(miss.status == 1, "\(miss.stdout)\(miss.stderr)")
        #expect(miss.stdout.contains("miss:") && miss.stdout.contains("learned/openai_tool") && miss.stdout.contains("tools"), "\(miss.stdout)")

        // Without one test its learned case goes unused: prune removes the case and its fixture, and the project verifies.
        try project.write(clientTests.components(separatedBy: "def test_openai_multi_turn")[0]
            + "def test_anthropic_text" + clientTests.components(separatedBy: "def test_anthropic_text")[1], to: "tests/test_calls.py")
        let fewer = try await project.run(["replay", "--serve", "--strict", "--receipt", "receipt.json"] + Self.pytest, environment: Self.keys)
        #expect(fewer.status == 0, "\(fewer.stdout)\(fewer.stderr)")
        let prune = try await project.run(["prune", "--unused-in", "receipt.json"])
        #expect(prune.status == 0, "\(prune.stdout)\(prune.stderr)")
        let pruned = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/learned.json")) as? [String: Any])
        let left = try #require(pruned["cases"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(left.count == 8 && !left.contains("openai_multi_turn"))
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/learned.json")) as? [String: Any])
        #expect(store["openai_multi_turn"] == nil && store.count == 8)
        let after = try await project.run(["verify", "--strict"])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(try await upstream.stop() == 0)
        withExtendedLifetime(upstreamProject) {}
    }

    /// Every file under the project, as text.
    private static func everyFile(in project: TemporaryProject) throws -> [String] {
        let files = FileManager.default.enumerator(at: project.root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }
}

/// The Responses API calls of new OpenAI code, through the official client.
private let responsesTests = #"""
import openai

oa = openai.OpenAI(max_retries=0)
RESPONSES_PERSON = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": False}
RESPONSES_WEATHER = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": False}

def test_responses_text():
    reply = oa.responses.create(model="gpt-test", input="Say hello.", instructions="Be terse.")
    assert reply.output_text

def test_responses_json():
    reply = oa.responses.create(model="gpt-test", input="Name a person.",
                                text={"format": {"type": "json_schema", "name": "person", "schema": RESPONSES_PERSON, "strict": True}})
    assert json.loads(reply.output_text)["name"]

def test_responses_function_call():
    reply = oa.responses.create(model="gpt-test", input="Weather in Oslo?", tool_choice="required",
                                tools=[{"type": "function", "name": "get_weather", "parameters": RESPONSES_WEATHER, "strict": True}])
    call = [item for item in reply.output if item.type == "function_call"][0]
    assert call.name == "get_weather" and json.loads(call.arguments)["city"]

def test_responses_stream():
    with oa.responses.stream(model="gpt-test", input="Count to three.") as stream:
        text = "".join(event.delta for event in stream if event.type == "response.output_text.delta")
        final = stream.get_final_response()
    assert text and text == final.output_text
"""#

/// Gemini calls through google-genai, and lift-sys's own request shape with the key in the query.
private let geminiTests = #"""
import json, os, urllib.request
from google import genai
from google.genai import types

client = genai.Client()
WEATHER = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

def test_text():
    reply = client.models.generate_content(model="gemini-2.5-flash", contents="Say hi",
                                           config=types.GenerateContentConfig(system_instruction="Be terse.", max_output_tokens=64))
    assert reply.text

def test_json():
    reply = client.models.generate_content(model="gemini-2.5-flash", contents="Name a person", config=types.GenerateContentConfig(
        response_mime_type="application/json", response_schema={"type": "OBJECT", "properties": {"name": {"type": "STRING"}}, "required": ["name"]}))
    assert json.loads(reply.text)["name"]

def test_stream():
    assert "".join(chunk.text or "" for chunk in client.models.generate_content_stream(model="gemini-2.5-flash", contents="Count"))

def test_function_call():
    function = types.FunctionDeclaration(name="get_weather", description="Weather now", parameters_json_schema=WEATHER)
    reply = client.models.generate_content(model="gemini-2.5-flash", contents="Weather in Oslo?", config=types.GenerateContentConfig(
        tools=[types.Tool(function_declarations=[function])],
        tool_config=types.ToolConfig(function_calling_config=types.FunctionCallingConfig(mode="ANY", allowed_function_names=["get_weather"]))))
    call = reply.candidates[0].content.parts[0].function_call
    assert call.name == "get_weather" and call.args["city"]

def test_lift_sys_gemini_provider():
    base = os.environ["GOOGLE_GEMINI_BASE_URL"]
    body = {"contents": [{"parts": [{"text": "Write add"}]}], "generationConfig": {"temperature": 0.0, "maxOutputTokens": 256}}
    request = urllib.request.Request(base + "/v1beta/models/gemini-1.5-pro:generateContent?key=" + os.environ["LIFT_SYS_GEMINI_KEY"],
                                     data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    reply = json.loads(urllib.request.urlopen(request, timeout=60).read())
    assert reply["candidates"][0]["content"]["parts"][0]["text"]
"""#

extension AnyCallEndToEndTests {
    private static func genaiInstalled() async -> Bool {
        let genai = await ProtocolsEndToEndTests.pythonImports("google.genai")
        let others = await Self.clientsInstalled()
        return genai && others
    }

    @Test(.enabled("pytest, openai and google-genai are not installed (pip install pytest openai google-genai)") { await Self.genaiInstalled() })
    func geminiAndTheResponsesAPIAreLearnedFromAnUpstreamAndReplayedOfflineWithNoKeyKept() async throws {
        let (upstream, upstreamProject, _, base) = try await ServingLiftrec.simulatorUpstream()
        let project = try ServingLiftrec.emptyProject()
        try project.write(geminiTests + "\n\n" + responsesTests, to: "tests/test_apis.py")
        let pytest = ["--", "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
        let keys = [
            "GEMINI_API_KEY": "AIzaCanaryGenai0123456789abcdefghijklm", "LIFT_SYS_GEMINI_KEY": "AIzaCanaryLiftSys0123456789abcdefghijk",
            "OPENAI_API_KEY": "sk-proj-CanaryResponses0123456789AB",
        ]
        let learning = try await project.run(["replay", "--serve", "--upstream", base, "--record-missing", "--learn", "apis"] + pytest, environment: keys)
        #expect(learning.status == 0, "\(learning.stdout)\(learning.stderr)")
        #expect(learning.stderr.contains("replay: learned 9 cases into fixtures/suites/apis.json"), "\(learning.stderr)")
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/apis.json")) as? [String: Any])
        #expect(Set((suite["cases"] as? [[String: Any]] ?? []).compactMap { $0["protocol"] as? String }) == ["gemini", "openai-responses"])
        let offline = try await project.run(["replay", "--serve", "--strict"] + pytest, environment: keys)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stderr.contains("9 hits, 0 misses"), "\(offline.stderr)")
        let verify = try await project.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let files = FileManager.default.enumerator(at: project.root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for text in files.compactMap({ try? String(contentsOf: $0, encoding: .utf8) }) + [learning.stdout, learning.stderr, offline.stderr] {
            for key in keys.values { #expect(!text.contains(key)) }
        }
        #expect(try await upstream.stop() == 0)
        withExtendedLifetime(upstreamProject) {}
    }
}
