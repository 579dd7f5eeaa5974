/// One step of a compiled regex program, run by `RegexPattern`'s backtracking machine.
enum RegexInstruction: Sendable {
    /// Consume this scalar.
    case scalar(UInt32)
    /// Consume one scalar in the program's set at this index.
    case set(Int)
    /// Try the first target, and on failure the second.
    case split(Int, Int)
    /// Continue at the target.
    case jump(Int)
    /// Continue only if the assertion holds here.
    case assertion(RegexAssertion)
    /// The pattern has matched.
    case match
}
