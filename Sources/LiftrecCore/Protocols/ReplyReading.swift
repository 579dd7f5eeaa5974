/// The parts of one reply body a protocol knows how to find.
public struct ReplyReading: Sendable {
    /// The structured output, nil when the reply carries none.
    public var output: JSONValue?
    /// The body member holding `output` as is, so a kept reply can reference it instead of copying it.
    public var outputMember: String?
    /// Why generation stopped, in the protocol's own words.
    public var finishReason: String?
    /// Tokens the endpoint reports using.
    public var tokensUsed: JSONNumber?
    /// The endpoint's own generation time in milliseconds, when it reports one.
    public var generationTimeMs: JSONNumber?
    /// The error text, when the reply is an error reply.
    public var error: String?
    /// The raw model output an error reply carries.
    public var rawOutput: String?
    /// Each choice's text and tool calls, for chat protocols; empty for Modal, whose output is `output`.
    public var choices: [ReplyChoice] = []

    /// An empty reading, filled in by a protocol.
    public init() {}

    /// True when the reply is an error reply.
    public var isError: Bool { error != nil }
}
