/// The parts of one reply body a protocol knows how to find.
struct ReplyReading: Sendable {
    /// The structured output, nil when the reply carries none.
    var output: JSONValue?
    /// The body member holding `output` as is, so a kept reply can reference it instead of copying it.
    var outputMember: String?
    /// Why generation stopped, in the protocol's own words.
    var finishReason: String?
    /// Tokens the endpoint reports using.
    var tokensUsed: JSONNumber?
    /// The endpoint's own generation time in milliseconds, when it reports one.
    var generationTimeMs: JSONNumber?
    /// The error text, when the reply is an error reply.
    var error: String?
    /// The raw model output an error reply carries.
    var rawOutput: String?
    /// Each choice's text and tool calls, for chat protocols; empty for Modal, whose output is `output`.
    var choices: [ReplyChoice] = []

    /// An empty reading, filled in by a protocol.
    init() {}

    /// True when the reply is an error reply.
    var isError: Bool { error != nil }
}
