/// A reply judged worth storing for a case: its body and HTTP status, and whether it is an (expected) error reply.
struct AcceptedReply: Sendable {
    /// The reply body as the endpoint sent it.
    var body: JSONObject
    /// The HTTP status it came with.
    var status: Int
    /// True for an error reply the case expects.
    var isError: Bool
    /// What a test reads from it, the fixture's `response`: null for an error reply.
    var response: JSONValue
    /// The kind of output it gave, for chat protocols.
    var kind: OutputKind?

    init(body: JSONObject, status: Int, isError: Bool, response: JSONValue, kind: OutputKind? = nil) {
        self.body = body
        self.status = status
        self.isError = isError
        self.response = response
        self.kind = kind
    }
}
