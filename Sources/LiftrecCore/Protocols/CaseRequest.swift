/// What a case asks of an endpoint, before a protocol puts it on the wire.
struct CaseRequest: Sendable {
    /// The prompt, sent as one user message by chat protocols.
    var prompt: String
    /// The resolved schema the output must follow.
    var schema: JSONValue
    /// The schema in RFC 8785 form, serialised once and shared between cases.
    var canonicalSchema: [UInt8]
    /// The SHA-256 of `canonicalSchema`, when already known.
    var schemaSHA256: SHA256Digest?
    /// The sampling parameters after overrides and defaults.
    var parameters: SamplingParameters
    /// The model the suite names, which chat protocols send.
    var model: String?
    /// A chat case's whole request body, as written or built from its shorthand; nil for Modal.
    var body: JSONObject?
    /// Whether liftrec built `body` from the case's shorthand: only such a request may gain what liftrec itself asks
    /// for, such as a streamed reply's usage; a request given whole or learned from a client is sent as it is.
    var isShorthand = false
}
