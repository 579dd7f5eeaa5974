import Testing
@testable import LiftrecCore

@Suite struct KeptReplyTests {
    private static func suiteCase(_ key: String) throws -> SuiteCase {
        let project = try TestProject()
        return try #require(try project.workspace().selected[0].cases.first { $0.key == key })
    }

    private static func recorded(_ reply: JSONObject, isError: Bool, key: String = "error_handling_missing_fields", redactor: SecretRedactor = SecretRedactor(variables: [:])) throws -> Fixture {
        let (entry, _) = Fixture.recorded(
            for: try suiteCase(key), reply: AcceptedReply(body: reply, status: 200, isError: isError, response: isError ? .null : reply["ir_json"] ?? .null),
            endpoint: "https://example--generate.modal.run",
            model: nil, latencyMs: 12, recordedAt: "2026-11-29T18:00:00Z", redactor: redactor
        )
        return try Fixture(key: key, entry: entry)
    }

    @Test func theRealModalMissingFieldReplyReplaysWithExactlyItsMembers() throws {
        // What the real endpoint sends for an absent prompt: no raw_output, no ir_json, and its own status member.
        let real = try #require(try JSONParser.parse(Array(#"{"error": "Missing required field: prompt", "status": 400}"#.utf8)).objectValue)
        let fixture = try Self.recorded(real, isError: true)
        let reply = fixture.reply(facts: try fixture.facts(), speaking: ModalProtocol())
        #expect(reply.status == 200)
        #expect(reply.body == real)
        #expect(reply.body.keys == ["error", "status"])
        #expect(fixture.response.value == .null)
    }

    @Test func aResultKeepsEveryMemberButReferencesItsIrJsonInsteadOfCopyingIt() throws {
        let ir = JSONValue.object(JSONObject([("name", .string("add"))]))
        let real = JSONObject([
            ("ir_json", ir), ("tokens_used", .number(JSONNumber(42))), ("generation_time_ms", .number(JSONNumber(text: "13290.5"))),
            ("finish_reason", .string("stop")), ("backend", .string("vllm")),
        ])
        let fixture = try Self.recorded(real, isError: false, key: "simple_ir_add_function")
        let kept = try #require(try fixture.facts()?.reply)
        #expect(kept.responseMember == "ir_json")
        #expect(kept.body["ir_json"] == nil)
        #expect(fixture.response.value == ir)
        let reply = fixture.reply(facts: try fixture.facts(), speaking: ModalProtocol())
        #expect(reply.body == real)
    }

    @Test func aSecretInTheReplyIsRedactedInTheKeptBody() throws {
        let real = JSONObject([("error", .string("bad key wk-canary-91c2")), ("status", .number(JSONNumber(401)))])
        let fixture = try Self.recorded(real, isError: true, redactor: SecretRedactor(variables: ["MODAL_KEY": "wk-canary-91c2"]))
        let text = String(decoding: JSONWriter.compact(fixture.entry.value), as: UTF8.self)
        #expect(!text.contains("wk-canary-91c2"))
        #expect(fixture.reply(facts: try fixture.facts(), speaking: ModalProtocol()).body["error"] == .string("bad key [REDACTED]"))
    }

    @Test func aFixtureWithoutAKeptReplyIsRebuiltAsBefore() throws {
        let store = try Store.load(path: TestProject.fixtures + "/provider-independent.json", display: "provider-independent.json")
        let fixture = try #require(store.fixture("error_handling_missing_fields"))
        let reply = fixture.reply(facts: try fixture.facts(), speaking: ModalProtocol())
        #expect(reply.status == 200)
        #expect(reply.body["raw_output"] == .null)
        #expect(reply.body["error"] == .string("Missing required field: prompt"))
    }

    @Test func anUnreadableKeptReplyIsAMetadataError() throws {
        var object = JSONObject([("status", .string("ok")), ("request_sha256", .string("00"))])
        object["reply"] = .object(JSONObject([("status", .string("two hundred")), ("body", .object(JSONObject()))]))
        #expect(throws: FixtureFactsError(field: "reply.status", reason: "must be an HTTP status code")) {
            try FixtureFacts(parsing: JSONDocument(.object(object)).root)
        }
    }
}
