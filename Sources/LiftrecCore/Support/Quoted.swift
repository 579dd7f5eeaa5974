/// Quotes user input in messages as a JSON string, so invisible characters stay visible.
func quoted(_ text: String) -> String {
    String(decoding: JSONWriter.compact(.string(text)), as: UTF8.self)
}
