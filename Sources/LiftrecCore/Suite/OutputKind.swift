/// The kind of output a chat reply gave, which decides the shape of the fixture's `response`.
enum OutputKind: String, Sendable, CaseIterable {
    /// JSON the request asked for, parsed: `response` is the value.
    case structured
    /// Calls of declared tools: `response` is `[{"name", "arguments"}]` with the arguments parsed.
    case toolCalls = "tool_calls"
    /// Plain text: `response` is the string.
    case text
    /// Text beside tool calls: `response` is `{"text", "tool_calls"}`.
    case textAndToolCalls = "text_and_tool_calls"
}
