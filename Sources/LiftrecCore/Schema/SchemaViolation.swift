/// One way an instance fails its schema: where, and what is wrong there.
struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// The JSON pointer of the offending value in the instance.
    let pointer: JSONPointer
    /// What is wrong with that value, such as `"Add" does not match ^[a-z_][a-z0-9_]*$`.
    let message: String

    /// `pointer: message`, with the whole instance shown as `(root)` because `/` is the member named "".
    var description: String {
        "\(pointer.tokens.isEmpty ? "(root)" : pointer.description): \(message)"
    }
}
