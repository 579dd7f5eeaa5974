extension JSONValue {
    /// Compact JSON text for messages, cut to about `limit` characters with `…`.
    func brief(limit: Int = 60) -> String {
        var text = ""
        appendBrief(to: &text, limit: limit)
        return text
    }

    // Every level adds at least one character, so the limit also bounds the recursion.
    private func appendBrief(to text: inout String, limit: Int) {
        guard text.unicodeScalars.count < limit else {
            if !text.hasSuffix("…") { text.append("…") }
            return
        }
        switch self {
        case .null: text.append("null")
        case .bool(let value): text.append(value ? "true" : "false")
        case .number(let number): text.append(number.text)
        case .string(let string): text.append(Self.quoted(string, limit: limit))
        case .array(let items):
            text.append("[")
            for (position, item) in items.enumerated() {
                if position > 0 { text.append(",") }
                item.appendBrief(to: &text, limit: limit)
                if text.hasSuffix("…") { return }
            }
            text.append("]")
        case .object(let object):
            text.append("{")
            for (position, (key, value)) in object.members.enumerated() {
                if position > 0 { text.append(",") }
                text.append(Self.quoted(key, limit: limit))
                text.append(":")
                value.appendBrief(to: &text, limit: limit)
                if text.hasSuffix("…") { return }
            }
            text.append("}")
        }
    }

    /// `string` as a JSON string literal, cut after `limit` scalars with `…` after the closing quote.
    static func quoted(_ string: String, limit: Int = 60) -> String {
        var text = "\""
        var count = 0
        for scalar in string.unicodeScalars {
            if count == limit {
                return text + "\"…"
            }
            count += 1
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case "\u{0}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
