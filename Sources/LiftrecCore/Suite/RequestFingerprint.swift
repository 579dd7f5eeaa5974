/// The SHA-256 fingerprints of a request and of its parts, used to tell fresh fixtures from stale ones and to say
/// what changed: Modal's prompt, schema and params, or each top-level member of a chat request.
struct RequestFingerprint: Sendable, Equatable {
    /// SHA-256 of the canonical request body, as lowercase hex (or why there is none).
    var request: String { reason ?? requestDigest.hex }
    /// SHA-256 of the canonical prompt string (Modal; empty for a chat request).
    var prompt: String { reason ?? modalParts?.prompt.hex ?? "" }
    /// SHA-256 of the canonical schema (Modal; empty for a chat request).
    var schema: String { reason ?? modalParts?.schema.hex ?? "" }
    /// SHA-256 of the canonical `{"max_tokens","temperature","top_p"}` object (Modal; empty for a chat request).
    var params: String { reason ?? modalParts?.params.hex ?? "" }
    /// SHA-256 of each top-level member of a chat request, by name, in name order; nil for Modal.
    let members: [Member]?

    // Digests are kept as bytes: a suite of 100,000 cases holds 400,000 of them.
    private let requestDigest: SHA256Digest
    private let modalParts: ModalParts?
    // Why the request could not be fingerprinted; it then stands in for every digest.
    private let reason: String?

    private struct ModalParts: Sendable, Equatable {
        let prompt: SHA256Digest
        let schema: SHA256Digest
        let params: SHA256Digest
    }

    /// True when `hex` is the request's digest, compared as text without decoding it.
    func matches(request hex: String) -> Bool {
        reason == nil && requestDigest.matches(hex: hex)
    }

    /// One top-level member's name and the SHA-256 of its canonical value.
    struct Member: Sendable, Equatable {
        /// The member's name.
        let name: String
        /// Lowercase hex SHA-256 of its canonical value.
        let sha256: String
    }

    /// The part named in place of the members a fixture recorded under 0.2's chat fingerprint does not have.
    static let legacyChatPart = "0.2 fingerprint"

    /// Fingerprints a request from its parts; `canonicalSchema` and its digest may be precomputed and shared between cases.
    init(prompt: String, canonicalSchema: [UInt8], schemaSHA256: SHA256Digest? = nil, parameters: SamplingParameters) throws(JSONCanonicalError) {
        let canonicalPrompt = try JSONWriter.canonical(.string(prompt))
        let canonicalParams = try JSONWriter.canonical(.object(parameters.json))
        let maxTokens = try JSONWriter.canonical(.number(parameters.maxTokens))
        let temperature = try JSONWriter.canonical(.number(parameters.temperature))
        let topP = try JSONWriter.canonical(.number(parameters.topP))
        // RFC 8785 orders the body's keys max_tokens, prompt, schema, temperature, top_p. The parts are hashed in
        // that order as they are, so a shared schema is neither re-serialised nor copied once per case.
        var body = SHA256()
        body.update(#"{"max_tokens":"#)
        body.update(maxTokens)
        body.update(#","prompt":"#)
        body.update(canonicalPrompt)
        body.update(#","schema":"#)
        body.update(canonicalSchema)
        body.update(#","temperature":"#)
        body.update(temperature)
        body.update(#","top_p":"#)
        body.update(topP)
        body.update("}")
        requestDigest = body.finalizeDigest()
        modalParts = ModalParts(
            prompt: SHA256.digest(canonicalPrompt), schema: schemaSHA256 ?? SHA256.digest(canonicalSchema), params: SHA256.digest(canonicalParams)
        )
        members = nil
        reason = nil
    }

    /// A fingerprint for a request that cannot be fingerprinted, which matches no stored one and says why in each part.
    init(unavailable reason: String) {
        self.reason = "unavailable: " + reason
        requestDigest = SHA256Digest(words: .zero)
        modalParts = nil
        members = nil
    }

    /// Fingerprints a chat request: SHA-256 of the RFC 8785 form of `{"protocol", "model"?, "request"}`, where the
    /// request's members (names distinct, each with its canonical value) are those the fingerprint does not ignore.
    init(protocolName: String, model: String?, requestMembers: [(name: String, canonical: [UInt8])]) {
        let sorted = requestMembers.sorted { JSONMemberOrder.rfc8785.precedes($0.name, $1.name) }
        var outer: [(name: String, canonical: [UInt8])] = [
            ("protocol", JSONWriter.compact(.string(protocolName))), ("request", Self.canonicalObject(sorted)),
        ]
        if let model { outer.append(("model", JSONWriter.compact(.string(model)))) }
        requestDigest = SHA256.digest(Self.canonicalObject(outer))
        members = sorted.map { Member(name: $0.name, sha256: SHA256.hexDigest($0.canonical)) }
        modalParts = nil
        reason = nil
    }

    /// The digests that explain staleness, by part name: `prompt`, `schema` and `params`, or each member.
    var parts: [String: String] {
        guard let members else { return ["prompt": prompt, "schema": schema, "params": params] }
        return Dictionary(members.map { ($0.name, $0.sha256) }, uniquingKeysWith: { first, _ in first })
    }

    /// Which parts differ from the digests stored with a fixture, in name order (Modal's in the order prompt, schema,
    /// params); a chat fixture without member digests was recorded under 0.2's fingerprint, which says so instead.
    func changedParts(since stored: [String: String]?) -> [String] {
        guard members != nil else {
            return ["prompt", "schema", "params"].filter { stored?[$0] != parts[$0] }
        }
        guard let stored else { return [Self.legacyChatPart] }
        let current = parts
        return Set(current.keys).union(stored.keys).filter { current[$0] != stored[$0] }.sorted()
    }

    /// The canonical form of an object whose members' canonical forms are known, names being distinct.
    static func canonicalObject(_ members: [(name: String, canonical: [UInt8])]) -> [UInt8] {
        var object: [UInt8] = [UInt8(ascii: "{")]
        for (position, member) in members.sorted(by: { JSONMemberOrder.rfc8785.precedes($0.name, $1.name) }).enumerated() {
            if position > 0 { object.append(UInt8(ascii: ",")) }
            // A string's compact form is its canonical form.
            object += JSONWriter.compact(.string(member.name))
            object.append(UInt8(ascii: ":"))
            object += member.canonical
        }
        object.append(UInt8(ascii: "}"))
        return object
    }

    /// The request body liftrec POSTs: every field present, schema names resolved.
    static func requestBody(prompt: String, schema: JSONValue, parameters: SamplingParameters) -> JSONValue {
        .object(JSONObject([
            ("prompt", .string(prompt)),
            ("schema", schema),
            ("max_tokens", .number(parameters.maxTokens)),
            ("temperature", .number(parameters.temperature)),
            ("top_p", .number(parameters.topP)),
        ]))
    }
}
