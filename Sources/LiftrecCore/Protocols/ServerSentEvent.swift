/// One server-sent event (`event:` and `data:` lines), the framing OpenAI and Anthropic stream in.
struct ServerSentEvent: Sendable, Equatable {
    /// The event's name; nil for an unnamed event, as OpenAI sends them.
    var name: String?
    /// The data line, usually compact JSON.
    var data: String

    /// An event named `name` carrying `data`.
    init(name: String? = nil, data: String) {
        self.name = name
        self.data = data
    }

    /// An event whose data is `value` as compact JSON.
    init(name: String? = nil, json value: JSONObject) {
        self.init(name: name, data: String(decoding: JSONWriter.compact(.object(value)), as: UTF8.self))
    }

    /// The bytes on the wire, ending with the blank line that closes the event.
    var bytes: [UInt8] {
        var text = name.map { "event: \($0)\n" } ?? ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return Array((text + "\n").utf8)
    }

    /// `text` cut into pieces of at most `size` characters, never inside a character, so streamed deltas join back to it exactly.
    static func pieces(of text: String, size: Int = 16) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return pieces
    }
}
