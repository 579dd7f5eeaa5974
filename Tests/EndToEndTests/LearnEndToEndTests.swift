import Foundation
import Testing

/// A small pytest suite whose prompts are built in code, as the translator and code-generator tests build theirs.
private let generatedTests = #"""
import json, os, urllib.request

SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}

def generate(name):
    body = {"prompt": "Write a function named " + name, "schema": SCHEMA, "max_tokens": 512, "temperature": 0.0, "top_p": 0.95}
    request = urllib.request.Request(os.environ["MODAL_ENDPOINT_URL"], data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())

def test_add():
    assert generate("add")["ir_json"]["name"]

def test_asked_twice():
    assert generate("twice")["ir_json"]["name"]
    assert generate("twice")["ir_json"]["name"]

def test_subtract():
    assert generate("subtract")["ir_json"]["name"]
"""#

@Suite struct LearnEndToEndTests {
    private static let pytest = ["--", "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]

    @Test(.enabled("pytest is not installed (pip install pytest)") { await ProtocolsEndToEndTests.pythonImports("pytest") })
    func aTestRunTeachesASuiteThatTheNextRunIsServedFromOffline() async throws {
        let project = try TemporaryProject()
        try project.write(generatedTests, to: "tests/test_generated.py")

        let learning = try await project.run(["replay", "--serve", "--upstream", "sim", "--record-missing", "--learn", "learned"] + Self.pytest)
        #expect(learning.status == 0, "\(learning.stdout)\(learning.stderr)")
        #expect(learning.stderr.contains("replay: learned 4 cases into fixtures/suites/learned.json"), "\(learning.stderr)")
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/learned.json")) as? [String: Any])
        let keys = try #require((suite["cases"] as? [[String: Any]])?.compactMap { $0["key"] as? String })
        // One case per request; the two identical requests are two cases in sequence.
        #expect(keys.count == 4)
        #expect(keys.allSatisfy { $0.hasPrefix("req_") })
        #expect(keys.filter { $0.hasSuffix("_2") }.count == 1)

        let offline = try await project.run(["replay", "--serve", "--strict", "--suite", "learned"] + Self.pytest)
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.stderr.contains("replay: 4 generate requests: 4 hits, 0 misses"), "\(offline.stderr)")
        let verify = try await project.run(["verify", "--suite", "learned"])
        #expect(verify.status == 0, "\(verify.stdout)")

        // Without test_subtract its learned case goes unused, and prune removes exactly its fixture.
        try project.write(generatedTests.components(separatedBy: "def test_subtract")[0], to: "tests/test_generated.py")
        let fewer = try await project.run(["replay", "--serve", "--strict", "--suite", "learned", "--receipt", "receipt.json"] + Self.pytest)
        #expect(fewer.status == 0, "\(fewer.stdout)\(fewer.stderr)")
        let receipt = try #require(try JSONSerialization.jsonObject(with: project.read("receipt.json")) as? [String: Any])
        let cases = try #require((receipt["suites"] as? [[String: Any]])?.first?["cases"] as? [[String: Any]])
        let unused = cases.filter { $0["status"] as? String == "unused" }.compactMap { $0["key"] as? String }
        #expect(unused.count == 1)
        #expect(try await project.run(["prune", "--suite", "learned", "--unused-in", "receipt.json"]).status == 0)
        let store = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/recorded/learned.json")) as? [String: Any])
        #expect(Set(store.keys) == Set(keys).subtracting(unused))
    }

    @Test func aTestNamesItsLearnedCaseWithTheXLiftrecCaseHeader() async throws {
        let project = try TemporaryProject()
        let script = #"""
        import json, os, urllib.request
        body = {"prompt": "Write mean", "schema": {"type": "object"}}
        request = urllib.request.Request(os.environ["MODAL_ENDPOINT_URL"], data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", "X-Liftrec-Case": "mean_of_a_list"})
        urllib.request.urlopen(request, timeout=60).read()
        """#
        let outcome = try await project.run(["replay", "--serve", "--upstream", "sim", "--record-missing", "--learn", "named", "--", "python3", "-c", script])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let suite = try #require(try JSONSerialization.jsonObject(with: project.read("fixtures/suites/named.json")) as? [String: Any])
        let learned = try #require((suite["cases"] as? [[String: Any]])?.first)
        #expect(learned["key"] as? String == "mean_of_a_list")
        // Fields the request left out are written with the endpoint's defaults, so the case is this very request.
        #expect(learned["temperature"] as? Double == 0.3)
        #expect(try await project.run(["verify", "--suite", "named"]).status == 0)
    }

    @Test func learnNeedsRecordMissing() async throws {
        let project = try TemporaryProject()
        let outcome = try await project.run(["replay", "--serve", "--upstream", "sim", "--learn", "learned", "--", "true"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--learn needs --upstream URL|sim and --record-missing"))
    }
}
