/// The Modal web endpoint of lift-sys `modal_app.py` (DESIGN §6): the default protocol.
public struct ModalProtocol: WireProtocol {
    /// A Modal protocol.
    public init() {}

    /// `modal`.
    public var name: String { "modal" }

    /// `/generate`, and `/` for label-style hosts whose first label names the route.
    public var requestPaths: [String] { ["/generate", "/"] }

    /// `{"prompt", "schema", "max_tokens", "temperature", "top_p"}`, every field present (DESIGN §5).
    public func requestBody(prompt: String, schema: JSONValue, parameters: SamplingParameters) -> JSONValue {
        RequestFingerprint.requestBody(prompt: prompt, schema: schema, parameters: parameters)
    }

    /// Exactly DESIGN §5's fingerprint, so every store recorded before protocols existed stays fresh.
    public func fingerprint(prompt: String, canonicalSchema: [UInt8], schemaSHA256: String?, parameters: SamplingParameters) throws(JSONCanonicalError) -> RequestFingerprint {
        try RequestFingerprint(prompt: prompt, canonicalSchema: canonicalSchema, schemaSHA256: schemaSHA256, parameters: parameters)
    }

    /// The §5 fingerprint of a received body, absent fields taking the endpoint's defaults.
    public func fingerprint(incoming body: JSONObject) throws(JSONCanonicalError) -> RequestFingerprint {
        try RequestFingerprint(body: body)
    }

    /// `ir_json` is the output; an `error` member that is not null makes an error reply.
    public func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        reading.output = body["ir_json"]
        reading.outputMember = "ir_json"
        reading.finishReason = body["finish_reason"]?.stringValue
        reading.tokensUsed = body["tokens_used"]?.numberValue
        reading.generationTimeMs = body["generation_time_ms"]?.numberValue
        if let error = body["error"], !error.isNull {
            reading.error = error.stringValue ?? error.brief(limit: 200)
            reading.rawOutput = body["raw_output"]?.stringValue
        }
        return reading
    }

    /// The `health` sibling: `--health` for label-style hosts, `/health` beside `/generate`.
    public func healthURL(beside generateURL: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL {
        try generateURL.sibling(.health)
    }

    /// `Modal-Key` and `Modal-Secret` from `MODAL_KEY` and `MODAL_SECRET`, when both are set.
    public func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        guard let key = variables["MODAL_KEY"], let secret = variables["MODAL_SECRET"], !key.isEmpty, !secret.isEmpty else { return [] }
        return [("Modal-Key", key), ("Modal-Secret", secret)]
    }
}
