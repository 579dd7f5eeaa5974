/// The SHA-256 fingerprints of a request and of its parts (DESIGN §5), used to tell fresh fixtures from stale ones.
public struct RequestFingerprint: Sendable, Equatable {
    /// SHA-256 of the canonical request body.
    public let request: String
    /// SHA-256 of the canonical prompt string.
    public let prompt: String
    /// SHA-256 of the canonical schema.
    public let schema: String
    /// SHA-256 of the canonical `{"max_tokens","temperature","top_p"}` object.
    public let params: String

    /// Fingerprints a request from its parts; `canonicalSchema` and its digest may be precomputed and shared between cases.
    public init(prompt: String, canonicalSchema: [UInt8], schemaSHA256: String? = nil, parameters: SamplingParameters) throws(JSONCanonicalError) {
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
        request = body.finalizeHex()
        self.prompt = SHA256.hexDigest(canonicalPrompt)
        schema = schemaSHA256 ?? SHA256.hexDigest(canonicalSchema)
        params = SHA256.hexDigest(canonicalParams)
    }

    /// A fingerprint for a request that cannot be fingerprinted, which matches no stored one and says why in each part.
    public init(unavailable reason: String) {
        request = "unavailable: " + reason
        prompt = request
        schema = request
        params = request
    }

    /// Fingerprints a protocol's canonical semantic request (DESIGN §6b), given as its members' canonical forms, and the
    /// parts that explain staleness; a part it does not have counts as `null`.
    public init(semanticMembers: [(name: String, canonical: [UInt8])], promptPart: String, schemaPart: String, paramsParts: [String]) {
        func part(_ name: String) -> [UInt8] {
            semanticMembers.first { $0.name == name }?.canonical ?? Array("null".utf8)
        }
        request = SHA256.hexDigest(Self.canonicalObject(semanticMembers))
        prompt = SHA256.hexDigest(part(promptPart))
        schema = SHA256.hexDigest(part(schemaPart))
        params = SHA256.hexDigest(Self.canonicalObject(paramsParts.map { ($0, part($0)) }))
    }

    /// The canonical form of an object whose members' canonical forms are known, names being distinct.
    private static func canonicalObject(_ members: [(name: String, canonical: [UInt8])]) -> [UInt8] {
        var object: [UInt8] = [UInt8(ascii: "{")]
        for (position, member) in members.sorted(by: { $0.name.utf16.lexicographicallyPrecedes($1.name.utf16) }).enumerated() {
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
    public static func requestBody(prompt: String, schema: JSONValue, parameters: SamplingParameters) -> JSONValue {
        .object(JSONObject([
            ("prompt", .string(prompt)),
            ("schema", schema),
            ("max_tokens", .number(parameters.maxTokens)),
            ("temperature", .number(parameters.temperature)),
            ("top_p", .number(parameters.topP)),
        ]))
    }

    /// Which parts (`prompt`, `schema`, `params`) differ from fingerprints stored with a fixture.
    public func changedParts(prompt storedPrompt: String?, schema storedSchema: String?, params storedParams: String?) -> [String] {
        var changed: [String] = []
        if storedPrompt != prompt { changed.append("prompt") }
        if storedSchema != schema { changed.append("schema") }
        if storedParams != params { changed.append("params") }
        return changed
    }
}
