/// What liftrec knows about how a fixture was recorded: the `metadata.liftrec` object of a store entry.
struct FixtureFacts: Sendable, Equatable {
    /// `ok` for a reply, `error` for an error reply.
    var status: Status
    /// The endpoint it came from, without credentials or query (`sim…` for the simulator).
    var endpoint: String?
    /// The model the endpoint reported.
    var model: String?
    // What the endpoint said of the call (`finish_reason`, `generation_time_ms`, `tokens_used`), and its wall time
    // as liftrec saw it.
    var finishReason: String?
    var generationTimeMs: JSONNumber?
    var latencyMs: JSONNumber?
    var tokensUsed: JSONNumber?
    /// When it was recorded, RFC 3339 UTC.
    var recordedAt: String?
    // The request's fingerprints as the store keeps them, lowercase hex: the whole request's, then Modal's parts'.
    var requestSHA256: String
    var promptSHA256: String?
    var schemaSHA256: String?
    var paramsSHA256: String?
    /// Fingerprint of each top-level member of a chat request (`members_sha256`), by name.
    var membersSHA256: [String: String]?
    /// Which kind of output the reply gave (`output`), for chat protocols.
    var output: OutputKind?
    /// The error text of an error reply.
    var error: String?
    /// The raw model output of an error reply.
    var rawOutput: String?
    /// The reply as received; nil for fixtures recorded before liftrec kept it.
    var reply: KeptReply?
    /// The events of a streamed reply with their offsets; nil when the reply was not streamed.
    var stream: RecordedStream?

    /// True when the facts were written by `record --adopt` rather than a recording.
    var adopted: Bool

    /// The reply status a fixture holds.
    enum Status: String, Sendable {
        case ok
        case error
    }

    /// Facts from their required parts; everything else starts empty.
    init(status: Status, fingerprint: RequestFingerprint) {
        self.status = status
        requestSHA256 = fingerprint.request
        promptSHA256 = fingerprint.prompt
        schemaSHA256 = fingerprint.schema
        paramsSHA256 = fingerprint.params
        if fingerprint.members != nil {
            membersSHA256 = fingerprint.parts
            promptSHA256 = nil
            schemaSHA256 = nil
            paramsSHA256 = nil
        }
        adopted = false
    }

    /// The stored digests to compare with `fingerprint`'s parts: member digests for a chat request (nil when the
    /// fixture predates them), else Modal's prompt, schema and params as far as stored.
    func parts(comparableWith fingerprint: RequestFingerprint) -> [String: String]? {
        if fingerprint.members != nil { return membersSHA256 }
        return ["prompt": promptSHA256, "schema": schemaSHA256, "params": paramsSHA256].compactMapValues { $0 }
    }

    /// Reads facts from a stored `metadata.liftrec` object, or explains what is wrong with it.
    init(parsing object: JSONElement) throws(FixtureFactsError) {
        guard let statusText = object["status"]?.stringValue, let status = Status(rawValue: statusText) else {
            throw FixtureFactsError(field: "status", reason: "must be \"ok\" or \"error\"")
        }
        guard let request = object["request_sha256"]?.stringValue else {
            throw FixtureFactsError(field: "request_sha256", reason: "is missing")
        }
        self.status = status
        requestSHA256 = request
        endpoint = try Self.string(object, "endpoint")
        model = try Self.string(object, "model")
        finishReason = try Self.string(object, "finish_reason")
        recordedAt = try Self.string(object, "recorded_at")
        promptSHA256 = try Self.string(object, "prompt_sha256")
        schemaSHA256 = try Self.string(object, "schema_sha256")
        paramsSHA256 = try Self.string(object, "params_sha256")
        if let value = object["members_sha256"] {
            guard value.isObject else { throw FixtureFactsError(field: "members_sha256", reason: "must be an object of hex digests") }
            var digests: [String: String] = [:]
            for (name, digest) in value.members {
                guard let text = digest.stringValue, let key = name.stringValue else {
                    throw FixtureFactsError(field: "members_sha256", reason: "must be an object of hex digests")
                }
                digests[key] = text
            }
            membersSHA256 = digests
        }
        if let value = try Self.string(object, "output") {
            guard let kind = OutputKind(rawValue: value) else {
                throw FixtureFactsError(field: "output", reason: "must be one of \(OutputKind.allCases.map { quoted($0.rawValue) }.joined(separator: ", "))")
            }
            output = kind
        }
        error = try Self.string(object, "error")
        rawOutput = try Self.string(object, "raw_output")
        if let value = object["reply"] {
            guard value.isObject else { throw FixtureFactsError(field: "reply", reason: "must be an object") }
            reply = try KeptReply(parsing: value)
        }
        if let value = object["stream"] {
            guard let recorded = RecordedStream(parsing: value.value) else {
                throw FixtureFactsError(field: "stream", reason: "must be an array of {\"event\", \"data\", \"offset_ms\"}")
            }
            stream = recorded
        }
        generationTimeMs = try Self.number(object, "generation_time_ms")
        latencyMs = try Self.number(object, "latency_ms")
        tokensUsed = try Self.number(object, "tokens_used")
        if let value = object["adopted"] {
            guard let flag = value.boolValue else { throw FixtureFactsError(field: "adopted", reason: "must be true or false") }
            adopted = flag
        } else {
            adopted = false
        }
    }

    /// The `metadata.liftrec` object to store.
    var json: JSONObject {
        var object = JSONObject()
        if adopted { object["adopted"] = .bool(true) }
        if let endpoint { object["endpoint"] = .string(endpoint) }
        if let error { object["error"] = .string(error) }
        if let finishReason { object["finish_reason"] = .string(finishReason) }
        if let generationTimeMs { object["generation_time_ms"] = .number(generationTimeMs) }
        if let latencyMs { object["latency_ms"] = .number(latencyMs) }
        if let membersSHA256 {
            object["members_sha256"] = .object(JSONObject(membersSHA256.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
        }
        if let model { object["model"] = .string(model) }
        if let output { object["output"] = .string(output.rawValue) }
        if let paramsSHA256 { object["params_sha256"] = .string(paramsSHA256) }
        if let promptSHA256 { object["prompt_sha256"] = .string(promptSHA256) }
        if let rawOutput { object["raw_output"] = .string(rawOutput) }
        if let recordedAt { object["recorded_at"] = .string(recordedAt) }
        if let reply { object["reply"] = .object(reply.json) }
        object["request_sha256"] = .string(requestSHA256)
        if let schemaSHA256 { object["schema_sha256"] = .string(schemaSHA256) }
        object["status"] = .string(status.rawValue)
        if let stream { object["stream"] = stream.json }
        if let tokensUsed { object["tokens_used"] = .number(tokensUsed) }
        return object
    }

    /// True when the endpoint it was recorded from is the embedded simulator.
    var isSimulated: Bool {
        endpoint.map { $0 == "sim" || $0.hasPrefix("sim:") } ?? false
    }

    private static func string(_ object: JSONElement, _ field: String) throws(FixtureFactsError) -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw FixtureFactsError(field: field, reason: "must be a string") }
        return text
    }

    private static func number(_ object: JSONElement, _ field: String) throws(FixtureFactsError) -> JSONNumber? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let number = value.numberValue else { throw FixtureFactsError(field: field, reason: "must be a number") }
        return number
    }
}
