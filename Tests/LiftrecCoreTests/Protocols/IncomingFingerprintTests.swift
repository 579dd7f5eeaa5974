import Testing
@testable import LiftrecCore

/// Fingerprinting a received body in place gives the fingerprints the tree of that body gave before, field by field,
/// so stores recorded then stay fresh whatever the client's spelling of the body.
@Suite struct IncomingFingerprintTests {
    /// A body and the protocol it is sent to.
    struct Body: Sendable, CustomStringConvertible {
        let protocolName: String
        let text: String
        var description: String { "\(protocolName) \(text)" }
    }

    static let modalBodies = [
        #"{"prompt": "Write add", "schema": {"type": "object", "required": ["a"]}, "max_tokens": 512, "temperature": 0.0, "top_p": 1}"#,
        #"{"top_p": 1e0, "temperature": 3E-1, "max_tokens": 2048.0, "schema": {"b": [1.50, -0, "\u00e9\ud83d\ude00"], "a": null}, "prompt": "x\ny"}"#,
        #"{"prompt": "first", "prompt": "last", "schema": {"k": 1, "k": 2}, "schema": {"z": {}, "\u0079": []}}"#,
        #"{"\u0070rompt": "escaped name", "schema": true, "max_tokens": "many", "temperature": null}"#,
        #"{"prompt": 7, "extra": {"ignored": [1, 2, 3]}}"#,
        #"{}"#,
        #"  {"schema": {"\ue000": 1, "\ud83d\ude00": 2, "a\"b": 3}, "prompt": "\u0000\u001f\t\\/"}  "#,
    ].map { Body(protocolName: "modal", text: $0) }

    static let chatBodies = [
        #"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 64, "temperature": 0.5, "top_p": 0.9, "response_format": {"type": "json_schema", "json_schema": {"name": "o", "schema": {"type": "object"}, "strict": true}}, "stream": true}"#,
        #"{"model": "m", "messages": [], "guided_json": {"b": 1, "a": 2.0}, "max_completion_tokens": 10, "user": "u", "n": 1}"#,
        #"{"messages": [{"role": "user", "content": "\u00e9"}], "messages": [{"role": "user", "content": "last"}], "temperature": 1.0}"#,
        #"{"model": "m", "system": "Be terse.", "max_tokens": 64, "messages": [{"role": "user", "content": "Write add"}], "top_p": 0.95, "tools": [{"name": "other", "input_schema": {"type": "array"}}, {"name": "output", "input_schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}], "tool_choice": {"type": "tool", "name": "output"}, "metadata": {"user_id": "u"}}"#,
        #"{"tools": [{"name": "output", "input_schema": {}}], "tool_choice": {"type": "auto", "name": "output"}}"#,
        #"{"tools": {"name": "output"}, "tool_choice": {"type": "tool", "name": 1}, "response_format": []}"#,
        #"{}"#,
    ].flatMap { [Body(protocolName: "openai-chat", text: $0), Body(protocolName: "anthropic-messages", text: $0)] }

    @Test(arguments: modalBodies + chatBodies)
    func elementFingerprintIsTheTreeFingerprint(_ body: Body) throws {
        let wireProtocol = try #require(WireProtocols.named(body.protocolName))
        let document = try JSONDocument(body.text)
        let tree = try #require(try JSONParser.parse(Array(body.text.utf8)).objectValue)
        let expected = try Self.treeFingerprint(tree, protocolName: body.protocolName)
        #expect(Self.parts(try wireProtocol.fingerprint(incoming: document.root)) == expected)
        #expect(Self.parts(try wireProtocol.fingerprint(incoming: tree)) == expected)
    }

    @Test(arguments: chatBodies)
    func streamingIsReadTheSameFromBothForms(_ body: Body) throws {
        let wireProtocol = try #require(WireProtocols.named(body.protocolName))
        let tree = try #require(try JSONParser.parse(Array(body.text.utf8)).objectValue)
        #expect(wireProtocol.asksForStream(try JSONDocument(body.text).root) == (tree["stream"] == .bool(true)))
        #expect(wireProtocol.asksForStream(tree) == (tree["stream"] == .bool(true)))
    }

    @Test func aTreeDeeperThanAParseAllowsIsStillFingerprinted() throws {
        // A case's body wraps its schema a few levels deeper than its suite file held it, past what a parse accepts.
        var schema = JSONValue.object(JSONObject())
        for _ in 0..<(JSONScanner.maximumDepth + 8) { schema = .array([schema]) }
        let body = JSONObject([("messages", .array([])), ("guided_json", schema)])
        #expect(Self.parts(try OpenAIChatProtocol().fingerprint(incoming: body)) == (try Self.treeFingerprint(body, protocolName: "openai-chat")))
    }

    @Test func everyCommittedCaseIsFoundByTheBodyItSends() throws {
        // This file is Tests/LiftrecCoreTests/Protocols/IncomingFingerprintTests.swift; the project root is three up.
        let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(4).joined(separator: "/")
        var loader = SuiteLoader(root: root)
        var checked = 0
        for name in ["provider", "openai", "anthropic", "responses", "gemini"] {
            let suite = try loader.load(name: name)
            for suiteCase in suite.cases {
                let sent = JSONWriter.compact(suiteCase.requestBody)
                // A Gemini case's model travels in the path, as the route gives it.
                var route = Route(suiteCase.wireProtocol, .generate)
                route.model = suiteCase.request.model
                let received = try suiteCase.wireProtocol.fingerprint(incoming: JSONDocument(bytes: sent).root, route: route)
                #expect(received == suiteCase.fingerprint, "\(name)/\(suiteCase.key)")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    private static func parts(_ fingerprint: RequestFingerprint) -> [String] {
        guard let members = fingerprint.members else { return [fingerprint.request, fingerprint.prompt, fingerprint.schema, fingerprint.params] }
        return [fingerprint.request] + members.map { $0.name + "=" + $0.sha256 }.sorted()
    }

    /// What the replay server computed from a body's tree before it read bodies in place.
    private static func treeFingerprint(_ body: JSONObject, protocolName: String) throws -> [String] {
        if protocolName == "modal" {
            let defaults = SamplingParameters.endpointDefaults
            return parts(try RequestFingerprint(
                prompt: body["prompt"]?.stringValue ?? "",
                canonicalSchema: try JSONWriter.canonical(body["schema"] ?? .object(JSONObject())),
                parameters: SamplingParameters(
                    maxTokens: body["max_tokens"]?.numberValue ?? defaults.maxTokens,
                    temperature: body["temperature"]?.numberValue ?? defaults.temperature,
                    topP: body["top_p"]?.numberValue ?? defaults.topP
                )
            ))
        }
        // The chat fingerprint written out on a tree: the ignored members dropped, the closed list of rewrites applied.
        let ignored: Set<String> = protocolName == "openai-chat"
            ? ["stream", "stream_options", "user", "metadata", "store", "service_tier", "safety_identifier", "prompt_cache_key", "prompt_cache_retention"]
            : ["stream", "metadata", "service_tier"]
        var request = JSONObject()
        for (name, value) in body.members where !ignored.contains(name) {
            switch (protocolName, name) {
            case ("openai-chat", "max_completion_tokens") where body["max_tokens"] == nil:
                request["max_tokens"] = value
            case ("openai-chat", "guided_json") where body["response_format"] == nil:
                request["response_format"] = .object(JSONObject([
                    ("type", .string("json_schema")), ("json_schema", .object(JSONObject([("schema", value)]))),
                ]))
            case ("openai-chat", "max_completion_tokens"), ("openai-chat", "guided_json"):
                break
            default:
                request[name] = value
            }
        }
        func digest(_ value: JSONValue) throws -> String { SHA256.hexDigest(try JSONWriter.canonical(value)) }
        let whole = JSONObject([("protocol", .string(protocolName)), ("request", .object(request))])
        return [try digest(.object(whole))] + (try request.members.map { name, value in name + "=" + (try digest(value)) }).sorted()
    }
}
