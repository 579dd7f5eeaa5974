/// A generate request as the simulator needs it, read from a body by the request's protocol.
public struct SimulatedRequest: Sendable {
    /// The required field the body lacks, when it lacks one.
    public var missingField: String?
    /// The schema the answer must follow.
    public var schema: JSONValue = .bool(true)
    /// The most tokens the answer may take.
    public var maxTokens = 2048
    /// The sampling temperature: above 0, answers vary between calls.
    public var temperature = 0.0
    /// What kind of output the request asks for.
    public var output = Output.json

    /// The kinds of output the simulator gives.
    public enum Output: Sendable, Equatable {
        /// Plain text.
        case text
        /// JSON following `schema`, as the message content (or Modal's `ir_json`).
        case json
        /// A call of the named tool, its arguments following `schema`.
        case toolCall(String)
    }
    /// The request's fingerprint, which seeds its answer.
    public var fingerprint = ""

    /// A request that names nothing yet.
    public init() {}
}
