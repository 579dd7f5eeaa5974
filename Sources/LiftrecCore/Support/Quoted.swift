/// Quotes user input in messages as a JSON string, so invisible characters stay visible.
func quoted(_ text: String) -> String {
    String(decoding: JSONWriter.compact(.string(text)), as: UTF8.self)
}

/// Quotes user input in single quotes as typed, or as a JSON string when it holds a control character, so a message
/// stays one line.
func singleQuoted(_ text: String) -> String {
    text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? quoted(text) : "'\(text)'"
}
