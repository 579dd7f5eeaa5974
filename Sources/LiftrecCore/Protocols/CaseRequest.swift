/// What a case asks of an endpoint, before a protocol puts it on the wire.
public struct CaseRequest: Sendable {
    /// The prompt, sent as one user message by chat protocols.
    public var prompt: String
    /// The resolved schema the output must follow.
    public var schema: JSONValue
    /// The schema in RFC 8785 form, serialised once and shared between cases.
    public var canonicalSchema: [UInt8]
    /// The SHA-256 of `canonicalSchema`, when already known.
    public var schemaSHA256: SHA256Digest?
    /// The sampling parameters after overrides and defaults.
    public var parameters: SamplingParameters
    /// The model the suite names, which chat protocols send.
    public var model: String?
    /// A chat case's whole request body, as written or built from its shorthand; nil for Modal.
    public var body: JSONObject?
    /// Whether liftrec built `body` from the case's shorthand: only such a request may gain what liftrec itself asks
    /// for, such as a streamed reply's usage; a request given whole or learned from a client is sent as it is.
    public var isShorthand = false

    /// A request from its parts.
    public init(prompt: String, schema: JSONValue, canonicalSchema: [UInt8], schemaSHA256: SHA256Digest?, parameters: SamplingParameters, model: String?) {
        self.prompt = prompt
        self.schema = schema
        self.canonicalSchema = canonicalSchema
        self.schemaSHA256 = schemaSHA256
        self.parameters = parameters
        self.model = model
    }
}
