/// The parts of one reply body a protocol knows how to find.
struct ReplyReading: Sendable {
    /// The structured output, nil when the reply carries none.
    var output: JSONValue?
    /// The body member holding `output` as is, so a kept reply can reference it instead of copying it.
    var outputMember: String?
    // What the endpoint reports, in the protocol's own words: why generation stopped, the tokens used, its own
    // generation time in milliseconds; and, for an error reply, its text and the raw model output it carries.
    var finishReason: String?
    var tokensUsed: JSONNumber?
    var generationTimeMs: JSONNumber?
    var error: String?
    var rawOutput: String?
    /// Each choice's text and tool calls, for chat protocols; empty for Modal, whose output is `output`.
    var choices: [ReplyChoice] = []

    /// An empty reading, filled in by a protocol.
    init() {}

    /// True when the reply is an error reply.
    var isError: Bool { error != nil }
}
