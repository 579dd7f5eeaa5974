/// Turns a parsed regex into a flat instruction program with its character sets.
struct RegexCompiler {
    /// The largest program accepted; counted repetitions are expanded, so this bounds their product.
    static let maxInstructions = 10_000

    private(set) var program: [RegexInstruction] = []
    private(set) var sets: [ScalarSet] = []
    private let pattern: String

    /// Compiles `node`, parsed from `pattern`, ending the program with `.match`.
    init(_ node: RegexNode, pattern: String) throws(RegexError) {
        self.pattern = pattern
        try emit(node)
        program.append(.match)
    }

    private mutating func emit(_ node: RegexNode) throws(RegexError) {
        guard program.count < Self.maxInstructions else {
            throw RegexError(pattern: pattern, offset: 0, problem: .programTooLarge)
        }
        switch node {
        case .empty:
            break
        case .scalar(let value):
            program.append(.scalar(value))
        case .set(let set):
            if let index = sets.firstIndex(of: set) {
                program.append(.set(index))
            } else {
                sets.append(set)
                program.append(.set(sets.count - 1))
            }
        case .assertion(let assertion):
            program.append(.assertion(assertion))
        case .concatenation(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var exits: [Int] = []
            for branch in branches.dropLast() {
                let split = program.count
                program.append(.split(split + 1, 0))
                try emit(branch)
                exits.append(program.count)
                program.append(.jump(0))
                program[split] = .split(split + 1, program.count)
            }
            if let last = branches.last { try emit(last) }
            for exit in exits { program[exit] = .jump(program.count) }
        case .repetition(let body, let min, let max, let lazy):
            for _ in 0..<min { try emit(body) }
            if let max {
                var exits: [Int] = []
                for _ in min..<max {
                    exits.append(program.count)
                    program.append(.jump(0))
                    try emit(body)
                }
                for exit in exits { program[exit] = choice(body: exit + 1, skip: program.count, lazy: lazy) }
            } else {
                let loop = program.count
                program.append(.jump(0))
                try emit(body)
                program.append(.jump(loop))
                program[loop] = choice(body: loop + 1, skip: program.count, lazy: lazy)
            }
        }
    }

    private func choice(body: Int, skip: Int, lazy: Bool) -> RegexInstruction {
        lazy ? .split(skip, body) : .split(body, skip)
    }
}
