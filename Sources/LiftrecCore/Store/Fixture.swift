/// One stored entry seen through the store format: its response, its metadata and liftrec's facts, read in place.
struct Fixture: Sendable {
    /// The store key.
    let key: String
    /// The entry exactly as stored.
    let entry: JSONElement

    /// The entry `entry` under `key`, read where it lies in its document.
    init(key: String, entry: JSONElement) {
        self.key = key
        self.entry = entry
    }

    /// An entry built in memory under `key`; an entry too deep or too large for a document is an error.
    init(key: String, entry: JSONValue) throws(JSONParseError) {
        self.init(key: key, entry: try JSONDocument(entry).root)
    }

    /// True for an entry that is not an object holding `response`: ResponseRecorder reads it as the response itself.
    var isBare: Bool {
        entry["response"] == nil
    }

    /// The endpoint's `ir_json` (null for an error reply).
    var response: JSONElement {
        entry["response"] ?? entry
    }

    /// The entry's metadata object, when it has one.
    var metadata: JSONElement? {
        guard !isBare, let metadata = entry["metadata"], metadata.isObject else { return nil }
        return metadata
    }

    /// The raw `metadata.liftrec` value; nil for a legacy entry.
    var factsValue: JSONElement? {
        metadata?["liftrec"]
    }

    /// True when liftrec did not record the entry (no `metadata.liftrec`).
    var isLegacy: Bool {
        factsValue == nil
    }

    /// liftrec's facts: nil for legacy entries, an error when `metadata.liftrec` is unreadable.
    func facts() throws(FixtureFactsError) -> FixtureFacts? {
        guard let value = factsValue else { return nil }
        guard value.isObject else {
            throw FixtureFactsError(field: "", reason: "must be an object")
        }
        return try FixtureFacts(parsing: value)
    }

    /// The reply the endpoint gave: as it was kept, or rebuilt in its protocol's shape for fixtures recorded before
    /// liftrec kept replies.
    func reply(facts: FixtureFacts?, speaking wireProtocol: any WireProtocol) -> (status: Int, body: JSONObject) {
        if let kept = facts?.reply {
            return (kept.status, kept.body(response: response.value))
        }
        return (200, wireProtocol.rebuiltReply(response: response.value, facts: facts))
    }

    /// The store entry for a freshly recorded reply: the case's metadata, liftrec's facts with the reply kept, and the response.
    static func recorded(
        for suiteCase: SuiteCase, reply accepted: AcceptedReply, endpoint: String, model: String?,
        latencyMs: Double, recordedAt: String, redactor: SecretRedactor, stream: RecordedStream? = nil
    ) -> (entry: JSONValue, facts: FixtureFacts) {
        let reply = accepted.body
        let isError = accepted.isError
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
        facts.output = accepted.kind
        if isError {
            facts.error = reading.error ?? "error"
            facts.rawOutput = reading.rawOutput
        }
        let response = accepted.response
        facts.reply = KeptReply(status: accepted.status, body: reply, response: response, responseMember: reading.outputMember)
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
