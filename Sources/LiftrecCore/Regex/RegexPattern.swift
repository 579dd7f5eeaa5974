/// A compiled JSON Schema `pattern`: an ECMA-262 regex subset searched for anywhere in a string.
///
/// Matching is a backtracking machine over Unicode scalars. It remembers which (instruction, position)
/// states already failed, so a search costs at most instructions × (length + 1) steps and patterns such
/// as `(a+)+$` stay linear. Inputs too long for that memory fall back to plain backtracking under a step
/// budget, and exceeding the budget is reported as `.tooExpensive` instead of running on.
struct RegexPattern: Sendable {
    /// The result of one search.
    enum Outcome: Sendable, Equatable {
        case match
        case noMatch
        /// The step budget ran out before an answer was found.
        case tooExpensive
    }

    /// How much work and memory one search may use.
    struct Limits: Sendable {
        /// Largest instructions × (length + 1) for which failed states are remembered (one bit each).
        var rememberedStates: Int
        /// Steps allowed beyond one pass over every state when failed states are not remembered.
        var backtrackingSteps: Int

        /// The limits every schema validation uses: 512 KiB of state bits, a million extra steps.
        static let standard = Limits(rememberedStates: 1 << 22, backtrackingSteps: 1_000_000)
    }

    /// The pattern as written in the schema.
    let source: String
    private let program: [RegexInstruction]
    private let sets: [ScalarSet]

    /// Compiles `source`, throwing when it is malformed or uses unsupported syntax.
    init(_ source: String) throws(RegexError) {
        let compiler = try RegexCompiler(try RegexParser.parse(source), pattern: source)
        self.source = source
        self.program = compiler.program
        self.sets = compiler.sets
    }

    /// Whether the pattern matches anywhere in `text`.
    func search(_ text: String, limits: Limits = .standard) -> Outcome {
        let capacity = text.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { buffer in
            var count = 0
            for scalar in text.unicodeScalars {
                buffer.initializeElement(at: count, to: scalar.value)
                count += 1
            }
            return search(UnsafeBufferPointer(rebasing: buffer[..<count]), limits: limits)
        }
    }

    private func search(_ text: UnsafeBufferPointer<UInt32>, limits: Limits) -> Outcome {
        let positions = text.count + 1
        let (states, overflow) = program.count.multipliedReportingOverflow(by: positions)
        let remembers = !overflow && states <= limits.rememberedStates
        let budget = overflow ? Int.max : states.addingReportingOverflow(limits.backtrackingSteps).partialValue
        let words = remembers ? (states + 63) / 64 : 0
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited in
            visited.initialize(repeating: 0)
            return program.withUnsafeBufferPointer { program in
                sets.withUnsafeBufferPointer { sets in
                    run(program: program, sets: sets, text: text, visited: remembers ? visited : nil, budget: budget)
                }
            }
        }
    }

    private func run(
        program: UnsafeBufferPointer<RegexInstruction>,
        sets: UnsafeBufferPointer<ScalarSet>,
        text: UnsafeBufferPointer<UInt32>,
        visited: UnsafeMutableBufferPointer<UInt64>?,
        budget: Int
    ) -> Outcome {
        let positions = text.count + 1
        var pending: [(pc: Int, position: Int)] = []
        var steps = 0
        for start in 0..<positions {
            pending.append((0, start))
            while let thread = pending.popLast() {
                var pc = thread.pc
                var position = thread.position
                thread: while true {
                    if let visited {
                        let bit = pc &* positions &+ position
                        let mask: UInt64 = 1 << UInt64(bit & 63)
                        if visited[bit >> 6] & mask != 0 { break thread }
                        visited[bit >> 6] |= mask
                    }
                    steps += 1
                    if steps > budget { return .tooExpensive }
                    switch program[pc] {
                    case .scalar(let value):
                        guard position < text.count, text[position] == value else { break thread }
                        pc += 1
                        position += 1
                    case .set(let index):
                        guard position < text.count, sets[index].contains(text[position]) else { break thread }
                        pc += 1
                        position += 1
                    case .split(let first, let second):
                        pending.append((second, position))
                        pc = first
                    case .jump(let target):
                        pc = target
                    case .assertion(let assertion):
                        guard holds(assertion, at: position, in: text) else { break thread }
                        pc += 1
                    case .match:
                        return .match
                    }
                }
            }
        }
        return .noMatch
    }

    private func holds(_ assertion: RegexAssertion, at position: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        switch assertion {
        case .start:
            return position == 0
        case .end:
            return position == text.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarSet.word.contains(text[position - 1])
            let after = position < text.count && ScalarSet.word.contains(text[position])
            return (before != after) == (assertion == .wordBoundary)
        }
    }
}
