/// What one choice of a chat reply said: its text and the tools it called, before the case's output check reads them.
public struct ReplyChoice: Sendable {
    /// One tool call: the tool's name and its arguments, as JSON text or as a value the protocol already parsed.
    public struct ToolCall: Sendable {
        /// The called tool's name.
        public var name: String
        /// The arguments, parsed; nil when their text is not JSON.
        public var arguments: JSONValue?
        /// The arguments as the reply gave them, for messages when they do not parse.
        public var argumentsText: String

        /// A call whose arguments arrived as JSON text (OpenAI).
        public init(name: String, argumentsText: String) {
            self.name = name
            self.argumentsText = argumentsText
            arguments = try? JSONParser.parse(Array(argumentsText.utf8))
        }

        /// A call whose arguments arrived as a value (Anthropic's `input`).
        public init(name: String, arguments: JSONValue) {
            self.name = name
            self.arguments = arguments
            argumentsText = String(decoding: JSONWriter.compact(arguments), as: UTF8.self)
        }
    }

    /// The text the choice gave, nil when it gave none.
    public var text: String?
    /// The tools it called, in order.
    public var toolCalls: [ToolCall] = []

    /// A choice of `text` and `toolCalls`.
    public init(text: String?, toolCalls: [ToolCall] = []) {
        self.text = text
        self.toolCalls = toolCalls
    }
}
