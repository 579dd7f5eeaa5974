/// Why a document is not valid JSON, and where: the first byte that cannot continue a valid document.
struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line of the offending byte (lines end at `\n`).
    let line: Int
    /// The 1-based column: Unicode code points on that line before the offending byte, plus one.
    let column: Int
    /// What is wrong, quoting the offending input, such as `expected ',' or '}' after object member, found 'x'`.
    let message: String

    var description: String { "line \(line), column \(column): \(message)" }
}
