/// Why a `pattern` cannot be compiled: malformed, or using syntax the engine does not support.
struct RegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong at `offset`.
    enum Problem: Sendable, Equatable {
        case unsupported(String)
        case nothingToRepeat
        case unmatchedParenthesis
        case unterminatedGroup
        case unterminatedClass
        case rangeOutOfOrder(String)
        case invalidEscape(String)
        case repetitionOutOfOrder(String)
        case repetitionTooLarge(Int)
        case nestedTooDeeply
        case programTooLarge
    }

    /// The pattern as written in the schema.
    let pattern: String
    /// The position of the problem, counted in Unicode scalars from the start of the pattern.
    let offset: Int
    /// What is wrong.
    let problem: Problem

    var description: String {
        let what: String
        switch problem {
        case .unsupported(let construct):
            what = "\(construct) is not supported by liftrec's regex engine; rewrite the pattern without it"
        case .nothingToRepeat:
            what = "a quantifier has nothing to repeat; escape it with \\ to match it literally"
        case .unmatchedParenthesis:
            what = "\")\" has no matching \"(\"; escape it as \\) to match it literally"
        case .unterminatedGroup:
            what = "a group is not closed; add the missing \")\""
        case .unterminatedClass:
            what = "a character class is not closed; add the missing \"]\""
        case .rangeOutOfOrder(let range):
            what = "the class range \(range) is out of order; write the smaller bound first"
        case .invalidEscape(let escape):
            what = "the escape \(escape) is invalid; escape a literal backslash as \\\\"
        case .repetitionOutOfOrder(let quantifier):
            what = "the quantifier \(quantifier) has its minimum above its maximum"
        case .repetitionTooLarge(let count):
            what = "the repetition count \(count) exceeds \(RegexParser.maxRepetition); use * or + instead"
        case .nestedTooDeeply:
            what = "groups are nested more than \(RegexParser.maxNesting) deep; flatten the pattern"
        case .programTooLarge:
            what = "the pattern expands to more than \(RegexCompiler.maxInstructions) instructions; reduce the repetition counts"
        }
        return "pattern \"\(pattern)\" at offset \(offset): \(what)"
    }
}
