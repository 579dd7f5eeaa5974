import Foundation
import Synchronization
import Testing
@testable import LiftrecCore

@Suite struct ReplayCaptureTests {
    /// Cases whose schema any object satisfies, so the simulator's answers are valid fixtures; two make the same request.
    static let suite = """
        {"format": "liftrec-suite/1", "name": "provider", "store": "fixtures/recorded/provider.json",
         "defaults": {"max_tokens": 2048, "temperature": 0.0, "top_p": 0.95},
         "cases": [
           {"key": "warmup_basic_function", "prompt": "Return True", "schema": {"type": "object"}},
           {"key": "simple_ir_add_function", "prompt": "Write add", "schema": {"type": "object"}},
           {"key": "temperature_test_deterministic_run1", "prompt": "Add two numbers", "schema": {"type": "object"}, "max_tokens": 4096},
           {"key": "temperature_test_deterministic_run2", "prompt": "Add two numbers", "schema": {"type": "object"}, "max_tokens": 4096}
         ]}
        """

    private static func options(simulator: String = "sim", records: Bool = true) throws -> ReplayService.Options {
        let settings = try SimulatorSettings(parsing: simulator)
        let target = ReplayUpstream.Target(
            transport: SimulatedEndpoint(settings: settings), url: SimulatedEndpoint.origin, name: simulator, model: SimulatedEndpoint.model
        )
        var options = ReplayService.Options()
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: records)
        return options
    }

    private func number(_ object: JSONObject, _ key: String) -> Int? {
        object[key]?.numberValue?.intValue
    }

    @Test func aMissIsRecordedFromTheUpstreamAndTheNextIdenticalRequestIsAHit() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let body = try harness.body("simple_ir_add_function")
        let first = try await harness.post(body)
        #expect(first.status == 200)
        #expect(first.header("X-Liftrec-Fixture") == nil)
        let second = try await harness.post(body)
        #expect(second.status == 200)
        #expect(second.header("X-Liftrec-Fixture") == "provider/simple_ir_add_function")
        #expect(try ReplayHarness.object(second)["ir_json"] == (try ReplayHarness.object(first))["ir_json"])
        let stats = try await harness.stats()
        #expect(number(stats, "misses") == 1)
        #expect(number(stats, "recorded") == 1)
        #expect(number(stats, "hits") == 1)

        let path = harness.project.root + "/fixtures/recorded/provider.json"
        let journaled = try Journal.entries(storePath: path)
        #expect(journaled.map(\.key) == ["simple_ir_add_function"])
        let stores = harness.service.close()
        #expect(stores.map(\.path) == [path])
        let facts = try #require(try stores.first?.fixture("simple_ir_add_function")?.facts())
        #expect(facts.endpoint == "sim")
        #expect(facts.model == SimulatedEndpoint.model)
        #expect(facts.requestSHA256 == (try harness.suiteCase("simple_ir_add_function")).fingerprint.request)
        #expect(harness.stderr.lines.withLock { $0 }.contains { $0.contains("recorded provider/simple_ir_add_function from sim") })
    }

    @Test func twoIdenticalMissingCasesAreRecordedInTurnThenTheLastRepeats() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let body = try harness.body("temperature_test_deterministic_run1")
        var fixtures: [String?] = []
        for _ in 0..<4 {
            fixtures.append(try await harness.post(body).header("X-Liftrec-Fixture"))
        }
        #expect(fixtures == [nil, nil, "provider/temperature_test_deterministic_run2", "provider/temperature_test_deterministic_run2"])
        let store = try #require(harness.service.close().first)
        #expect(store.fixture("temperature_test_deterministic_run1") != nil)
        #expect(store.fixture("temperature_test_deterministic_run2") != nil)
    }

    @Test func aReplyThatFailsValidationIsAnsweredButNotStored() async throws {
        // The simulator cuts replies short below 5000 tokens; this case asks for 4096.
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(simulator: "sim:truncate-under=5000"), journals: true)
        let body = try harness.body("temperature_test_deterministic_run1")
        let first = try await harness.post(body)
        #expect(first.status == 200)
        #expect(try ReplayHarness.object(first)["finish_reason"] == .string("length"))
        #expect(harness.stderr.lines.withLock { $0 }.contains { $0.contains("not stored provider/temperature_test_deterministic_run1") && $0.contains("cut short") })
        _ = try await harness.post(body)
        let stats = try await harness.stats()
        #expect(number(stats, "recorded") == 0)
        #expect(number(stats, "forwarded") == 2)
        #expect(harness.service.close().isEmpty)
        #expect(try Journal.entries(storePath: harness.project.root + "/fixtures/recorded/provider.json").isEmpty)
    }

    @Test func upstreamWithoutRecordingForwardsEveryMissAndStoresNothing() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(records: false))
        let body = try harness.body("warmup_basic_function")
        #expect(try await harness.post(body).status == 200)
        #expect(try await harness.post(body).status == 200)
        let stats = try await harness.stats()
        #expect(number(stats, "forwarded") == 2)
        #expect(number(stats, "recorded") == 0)
        #expect(number(stats, "misses") == 2)
        #expect(harness.service.close().isEmpty)
    }

    @Test func aRequestNoCaseMakesIsForwardedNotStored() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(), journals: true)
        let response = try await harness.post(Array(#"{"prompt": "free-form", "schema": {"type": "object"}}"#.utf8))
        #expect(response.status == 200)
        let stats = try await harness.stats()
        #expect(number(stats, "forwarded") == 1)
        #expect(number(stats, "recorded") == 0)
        #expect(harness.service.close().isEmpty)
    }

    @Test func anUpstreamHTTPErrorReachesTheClientAsTheUpstreamSentIt() async throws {
        let harness = try ReplayHarness(suite: Self.suite, store: nil, options: try Self.options(simulator: "sim:fail-every=1"), journals: true)
        let response = try await harness.post(try harness.body("warmup_basic_function"))
        #expect(response.status == 500)
        #expect(try ReplayHarness.object(response)["error"] == .string("simulated internal server error (fail-every=1)"))
        #expect(harness.service.close().isEmpty)
    }
}

/// An upstream that answers every request with one fixed chat completion: a model that broke its tool's schema.
private struct FixedUpstream: HTTPTransport {
    let body: String

    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        HTTPClientResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }
}

@Suite struct ReplayLearningTests {
    private static let badToolCall = #"""
        {"id": "c1", "object": "chat.completion", "created": 0, "model": "m", "choices": [{"index": 0, "finish_reason": "tool_calls",
         "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "t", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": 7}"}}]}}]}
        """#

    @Test func aToolCallBreakingItsToolsSchemaReachesTheClientButIsNotLearnedAndIsNamed() async throws {
        let project = try TestProject(suites: [:])
        try FileSystem.createDirectories(project.root + "/fixtures/recorded")
        let learner = try SuiteLearner(name: "learned", root: project.root)
        var options = ReplayService.Options()
        options.learner = learner
        let target = ReplayUpstream.Target(transport: FixedUpstream(body: Self.badToolCall), url: try EndpointURL(parsing: "http://upstream.invalid/v1"), name: "fixed", model: nil)
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: true)
        let harness = try ReplayHarness(suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": []}"#, store: nil, options: options, journals: true)
        let request = #"""
            {"model": "m", "messages": [{"role": "user", "content": "Weather?"}], "tool_choice": "required", "tools": [{"type": "function", "function":
             {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]}
            """#
        let response = try await harness.post(Array(request.utf8), path: "/v1/chat/completions", headers: ["X-Liftrec-Case: weather"])
        #expect(response.status == 200)
        #expect(try ReplayHarness.object(response)["choices"] != nil)
        #expect(harness.service.learnedSuite()?.count == 0)
        let failures = harness.service.learnFailures
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix("learned/weather: reply fails its check: /0/arguments/city: tool \"get_weather\"") == true, "\(failures)")

        let bad = try await harness.post(Array(request.utf8), path: "/v1/chat/completions", headers: ["X-Liftrec-Case: bad key"])
        #expect(bad.status == 400)
        #expect(try ReplayHarness.object(bad)["error"]?["message"]?.stringValue?.contains("X-Liftrec-Case") == true)
    }
}

/// An upstream that echoes what it was sent, its headers and URL, as a model's text: an upstream that leaks.
private struct EchoUpstream: HTTPTransport {
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        let echoed = request.url.absoluteString + " " + request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
        let reply = JSONObject([
            ("id", .string("c")), ("object", .string("chat.completion")), ("model", .string("m")),
            ("choices", .array([.object(JSONObject([
                ("index", .number(JSONNumber(0))), ("finish_reason", .string("stop")),
                ("message", .object(JSONObject([("role", .string("assistant")), ("content", .string(echoed))]))),
            ]))])),
            ("echo", .string(echoed)),
        ])
        return HTTPClientResponse(status: 200, headers: [("Content-Type", "application/json")], body: JSONWriter.compact(.object(reply)))
    }
}

@Suite struct ReplaySecretTests {
    @Test func keysTheClientSentReachTheUpstreamButNoFileEvenWhenTheUpstreamEchoesThem() async throws {
        let project = try TestProject(suites: [:])
        try FileSystem.createDirectories(project.root + "/fixtures/recorded")
        var options = ReplayService.Options()
        options.learner = try SuiteLearner(name: "learned", root: project.root)
        let target = ReplayUpstream.Target(transport: EchoUpstream(), url: try EndpointURL(parsing: "http://upstream.invalid/v1"), name: "echo", model: nil)
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: true)
        let harness = try ReplayHarness(suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": []}"#, store: nil, options: options, journals: true)
        let key = "sk-client-secret-0042", query = "AIzaQuerySecret0042", anthropic = "sk-ant-header-secret-0042"
        let body = Array(#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}]}"#.utf8)
        let response = try await harness.post(body, path: "/v1/chat/completions?key=\(query)", headers: ["Authorization: Bearer \(key)", "x-api-key: \(anthropic)"])
        #expect(response.status == 200)
        // The client gets the upstream's reply as sent; only what liftrec keeps is masked.
        #expect(String(decoding: response.body, as: UTF8.self).contains(key))
        let learned = try #require(harness.service.learnedSuite())
        #expect(learned.count == 1)
        let journal = try String(contentsOfFile: Journal.path(for: learned.storePath), encoding: .utf8)
        let kept = String(decoding: learned.encoded(), as: UTF8.self) + journal + harness.stderr.lines.withLock { $0.joined() }
        for secret in [key, query, anthropic] { #expect(!kept.contains(secret), "\(secret) was kept") }
        #expect(journal.contains(SecretRedactor.mask))
    }
}

/// An upstream that counts what it is asked and answers with a plain chat completion.
private final class CountingUpstream: HTTPTransport {
    let count = Atomic<Int>(0)

    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        count.add(1, ordering: .relaxed)
        let body = #"{"id": "c", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello."}}]}"#
        return HTTPClientResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }
}

@Suite struct ReplayValidationTests {
    @Test(arguments: [
        (#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}]}"#, "X-Liftrec-Case: two words"),
        (#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "stream": "s"}"#, "X-Liftrec-Case: fine"),
        (#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "stream": 1}"#, "X-Liftrec-Case: fine"),
        (#"{"model": "m", "messages": "#, "X-Liftrec-Case: fine"),
    ])
    func whatLiftrecWouldRefuseToLearnIsA400BeforeTheUpstreamIsAsked(body: String, header: String) async throws {
        let project = try TestProject(suites: [:])
        try FileSystem.createDirectories(project.root + "/fixtures/recorded")
        let upstream = CountingUpstream()
        var options = ReplayService.Options()
        options.learner = try SuiteLearner(name: "learned", root: project.root)
        let target = ReplayUpstream.Target(transport: upstream, url: try EndpointURL(parsing: "http://upstream.invalid"), name: "counting", model: nil)
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: true)
        let harness = try ReplayHarness(suite: #"{"format": "liftrec-suite/1", "name": "provider", "cases": []}"#, store: nil, options: options, journals: true)
        let response = try await harness.post(Array(body.utf8), path: "/v1/chat/completions", headers: [header])
        #expect(response.status == 400)
        #expect(try ReplayHarness.object(response)["error"]?["type"] == .string("invalid_request_error"))
        #expect(upstream.count.load(ordering: .relaxed) == 0)
    }
}

/// An upstream that answers every request with what it was asked: its method and path, as JSON that is no chat reply.
private struct RouteEchoUpstream: HTTPTransport {
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        let body = JSONWriter.compact(.object(JSONObject([("object", .string("list")), ("method", .string(request.method.rawValue)), ("path", .string(request.url.path))])))
        return HTTPClientResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }
}

@Suite struct ReplayUnknownRouteTests {
    @Test func anUnknownRouteUnderAnUpstreamGetsTheUpstreamsAnswerAsItCameWithTheClientsMethodAndCountsAsAMiss() async throws {
        var options = ReplayService.Options()
        let target = ReplayUpstream.Target(transport: RouteEchoUpstream(), url: try EndpointURL(parsing: "http://upstream.invalid/v1"), name: "echo", model: nil)
        options.upstream = ReplayUpstream(targets: [:], fallback: target, records: false)
        let harness = try ReplayHarness(options: options)
        let embeddings = try await harness.post(Array(#"{"model": "e", "input": "hi"}"#.utf8), path: "/v1/embeddings")
        #expect(embeddings.status == 200)
        #expect(try ReplayHarness.object(embeddings)["path"] == .string("/v1/embeddings"))
        let client = try harness.client()
        client.send("GET /v1/responses/resp_1 HTTP/1.1\r\nHost: t\r\n\r\n")
        let stored = try #require(await client.readResponse())
        #expect(try ReplayHarness.object(stored)["method"] == .string("GET"))
        #expect(harness.service.statistics().misses == 2)
    }

    @Test func thePlaceholderKeyIsReplacedFromTheVariableTheSuitesAuthEnvNames() {
        var upstream = ReplayUpstream(targets: [:], fallback: nil, records: false)
        upstream.keyed = ["openai-chat": OpenAIChatProtocol(authVariable: "VLLM_KEY")]
        let headers = HTTPHeaders([("Authorization", "Bearer \(ReplayUpstream.placeholderKey)"), ("Host", "x"), ("X-Liftrec-Case", "k")])
        let sent = upstream.headers(forwarding: headers, speaking: OpenAIChatProtocol(), variables: ["VLLM_KEY": "vllm-real", "OPENAI_API_KEY": "other"])
        #expect(sent.map(\.name) == ["Authorization"])
        #expect(sent.first?.value == "Bearer vllm-real")
        // A client that sends no key gets the protocol's own, even beside a header such as anthropic-version.
        let anthropic = upstream.headers(forwarding: HTTPHeaders([("anthropic-version", "2026-10-21")]), speaking: AnthropicMessagesProtocol(), variables: ["ANTHROPIC_API_KEY": "ak"])
        #expect(anthropic.contains { $0.name == "x-api-key" && $0.value == "ak" })
    }
}
