/// The parsed form of a regex, before it is compiled to instructions.
indirect enum RegexNode: Sendable {
    case empty
    case scalar(UInt32)
    case set(ScalarSet)
    case assertion(RegexAssertion)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, lazy: Bool)
}

/// A zero-width test at a position in the input.
enum RegexAssertion: Sendable, Equatable {
    /// `^`: the start of the input (patterns have no multiline flag).
    case start
    /// `$`: the end of the input.
    case end
    /// `\b`: between a word and a non-word scalar.
    case wordBoundary
    /// `\B`: not at a word boundary.
    case notWordBoundary
}
