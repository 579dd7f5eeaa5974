/// What a request asks its reply to hold, as the request states it: the schema of structured output, JSON without
/// one, the tools it declares, the tool whose input is the output, and how many choices.
struct OutputDemand: Sendable {
    /// The schema structured output must follow, when the request gives one.
    var schema: JSONValue?
    /// True when the request asks for JSON (a schema, or `json_object`).
    var json = false
    /// Each declared tool's name and argument schema, in order.
    var tools: [(name: String, schema: JSONValue)] = []
    /// The forced tool whose input is the structured output (Anthropic), when there is one.
    var outputTool: String?
    /// How many choices the request asks for.
    var choices = 1

    /// A demand for text.
    init() {}
}
