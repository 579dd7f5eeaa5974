/// Why a value has no RFC 8785 canonical form.
enum JSONCanonicalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A number (its source text) whose magnitude is beyond the largest IEEE 754 double.
    case numberOutOfRange(String)

    var description: String {
        switch self {
        case .numberOutOfRange(let text):
            return "number \(text) is too large for an IEEE 754 double, so it has no RFC 8785 canonical form; "
                + "write it as a string or a smaller number"
        }
    }
}
