/// What one choice of a chat reply said: its text and the tools it called, before the case's output check reads them.
struct ReplyChoice: Sendable {
    /// One tool call: the tool's name and its arguments, as JSON text or as a value the protocol already parsed.
    struct ToolCall: Sendable {
        /// The called tool's name.
        var name: String
        /// The arguments, parsed; nil when their text is not JSON.
        var arguments: JSONValue?
        /// The arguments as the reply gave them, for messages when they do not parse.
        var argumentsText: String

        /// A call whose arguments arrived as JSON text (OpenAI).
        init(name: String, argumentsText: String) {
            self.name = name
            self.argumentsText = argumentsText
            arguments = try? JSONParser.parse(Array(argumentsText.utf8))
        }

        /// A call whose arguments arrived as a value (Anthropic's `input`).
        init(name: String, arguments: JSONValue) {
            self.name = name
            self.arguments = arguments
            argumentsText = String(decoding: JSONWriter.compact(arguments), as: UTF8.self)
        }
    }

    /// The text the choice gave, nil when it gave none.
    var text: String?
    /// The tools it called, in order.
    var toolCalls: [ToolCall] = []

}
