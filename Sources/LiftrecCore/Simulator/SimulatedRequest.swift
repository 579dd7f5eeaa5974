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
    /// The name the request gives its structured output (a forced tool's name), when it names one.
    public var outputName: String?
    /// The request's fingerprint, which seeds its answer.
    public var fingerprint = ""

    /// A request that names nothing yet.
    public init() {}
}
