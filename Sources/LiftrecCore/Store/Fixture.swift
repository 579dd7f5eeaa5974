/// One stored entry seen through the store format: its response, its metadata and liftrec's facts, read in place.
public struct Fixture: Sendable {
    /// The store key.
    public let key: String
    /// The entry exactly as stored.
    public let entry: JSONElement

    /// The entry `entry` under `key`, read where it lies in its document.
    public init(key: String, entry: JSONElement) {
        self.key = key
        self.entry = entry
    }

    /// An entry built in memory under `key`.
    public init(key: String, entry: JSONValue) {
        self.init(key: key, entry: JSONDocument(entry).root)
    }

    /// True for an entry that is not an object holding `response`: ResponseRecorder reads it as the response itself.
    public var isBare: Bool {
        entry["response"] == nil
    }

    /// The endpoint's `ir_json` (null for an error reply).
    public var response: JSONElement {
        entry["response"] ?? entry
    }

    /// The entry's metadata object, when it has one.
    public var metadata: JSONElement? {
        guard !isBare, let metadata = entry["metadata"], metadata.isObject else { return nil }
        return metadata
    }

    /// The raw `metadata.liftrec` value; nil for a legacy entry.
    public var factsValue: JSONElement? {
        metadata?["liftrec"]
    }

    /// True when liftrec did not record the entry (no `metadata.liftrec`).
    public var isLegacy: Bool {
        factsValue == nil
    }

    /// liftrec's facts: nil for legacy entries, an error when `metadata.liftrec` is unreadable.
    public func facts() throws(FixtureFactsError) -> FixtureFacts? {
        guard let value = factsValue else { return nil }
        guard value.isObject else {
            throw FixtureFactsError(field: "", reason: "must be an object")
        }
        return try FixtureFacts(parsing: value)
    }

    /// The reply the endpoint gave: as it was kept, or rebuilt in the endpoint's shape (DESIGN §6) for older fixtures.
    public func reply(facts: FixtureFacts?) -> (status: Int, body: JSONObject) {
        if let kept = facts?.reply {
            return (kept.status, kept.body(response: response.value))
        }
        return (200, rebuiltReply(facts: facts))
    }

    // Fixtures recorded before liftrec kept the reply hold only these facts, so their reply is rebuilt from them.
    private func rebuiltReply(facts: FixtureFacts?) -> JSONObject {
        var reply = JSONObject()
        if let facts, facts.status == .error {
            reply["error"] = .string(facts.error ?? "error")
            reply["raw_output"] = facts.rawOutput.map(JSONValue.string) ?? .null
            reply["ir_json"] = .null
            reply["finish_reason"] = .string(facts.finishReason ?? "error")
            return reply
        }
        reply["ir_json"] = response.value
        reply["tokens_used"] = facts?.tokensUsed.map(JSONValue.number) ?? .null
        reply["generation_time_ms"] = facts?.generationTimeMs.map(JSONValue.number) ?? .null
        reply["finish_reason"] = .string(facts?.finishReason ?? "stop")
        return reply
    }

    /// The store entry for a freshly recorded reply: the case's metadata, liftrec's facts with the reply kept, and the response.
    public static func recorded(
        for suiteCase: SuiteCase, status: Int, reply: JSONObject, isError: Bool, endpoint: String, model: String?,
        latencyMs: Double, recordedAt: String, redactor: SecretRedactor, stream: RecordedStream? = nil
    ) -> (entry: JSONValue, facts: FixtureFacts) {
        let reading = suiteCase.wireProtocol.read(reply)
        var facts = FixtureFacts(status: isError ? .error : .ok, fingerprint: suiteCase.fingerprint)
        facts.endpoint = endpoint
        facts.model = model
        facts.finishReason = reading.finishReason ?? (isError ? "error" : nil)
        facts.generationTimeMs = reading.generationTimeMs
        facts.latencyMs = JSONNumber(Int(latencyMs.rounded()))
        facts.tokensUsed = reading.tokensUsed
        facts.recordedAt = recordedAt
        facts.stream = stream
        if isError {
            facts.error = reading.error ?? "error"
            facts.rawOutput = reading.rawOutput
        }
        let response = isError ? JSONValue.null : (reading.output ?? .null)
        facts.reply = KeptReply(status: status, body: reply, response: response, responseMember: reading.outputMember)
        var metadata = suiteCase.metadata ?? JSONObject()
        metadata["liftrec"] = .object(facts.json)
        let entry = redactor.redact(JSONValue.object(JSONObject([
            ("metadata", .object(metadata)),
            ("original_key", .string(suiteCase.key)),
            ("response", response),
        ])))
        return (entry, facts)
    }
}
