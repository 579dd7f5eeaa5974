/// A reply judged worth storing for a case: its body and HTTP status, and whether it is an (expected) error reply.
public struct AcceptedReply: Sendable {
    /// The reply body as the endpoint sent it.
    public var body: JSONObject
    /// The HTTP status it came with.
    public var status: Int
    /// True for an error reply the case expects.
    public var isError: Bool
    /// What a test reads from it, the fixture's `response`: null for an error reply.
    public var response: JSONValue
    /// The kind of output it gave, for chat protocols.
    public var kind: OutputKind?

    /// An accepted reply from its parts.
    public init(body: JSONObject, status: Int, isError: Bool, response: JSONValue, kind: OutputKind? = nil) {
        self.body = body
        self.status = status
        self.isError = isError
        self.response = response
        self.kind = kind
    }
}
