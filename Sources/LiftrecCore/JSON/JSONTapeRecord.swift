/// One value of a `JSONDocument`'s tape: its kind, where its text is in the document's bytes, and where the next
/// value after it (and after everything inside it) starts on the tape.
struct JSONTapeRecord: Sendable {
    /// The kind of value a record holds.
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, escapedString, array, object
    }

    let kind: Kind
    /// Byte offset of a number's first byte, a string's first byte after the quote, or a container's bracket.
    let start: UInt32
    /// Bytes of a number or of a string's source text between the quotes; elements or members of a container.
    var length: UInt32
    /// Tape index just past this value and everything inside it.
    var next: UInt32
}
