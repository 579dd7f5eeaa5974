/// What the simulator decided to answer, before a protocol puts it in its own reply shape.
enum SimulatedOutcome: Sendable {
    /// The request is malformed: `field` is missing or wrong, as `message` says.
    case invalid(field: String?, message: String)
    /// A complete answer, its compact text, and the tokens it took.
    case answer(JSONValue, text: String, tokens: Int)
    /// Generation stopped at `max_tokens` just as the whole answer was written.
    case truncated(JSONValue, text: String, tokens: Int)
    /// Generation stopped at `max_tokens` partway through the answer, after `text`.
    case cutOff(text: String, tokens: Int)
}
