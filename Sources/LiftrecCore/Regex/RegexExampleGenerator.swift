/// Builds strings that a JSON Schema `pattern` matches by walking its parsed regex, steered toward a
/// preferred text (so `^[a-z_][a-z0-9_]*$` gives `compute_value`) and a target length.
///
/// The walk does not evaluate assertions such as `\b` or a `^` in the middle of a pattern; callers
/// check each example with `RegexPattern.search` and try again with other choices.
struct RegexExampleGenerator {
    /// The longest example built; a longer target is cut short.
    static let maxLength = 10_000

    /// The shortest and longest match of the whole pattern, ignoring assertions (nil: unbounded).
    let lengths: (minimum: Int, maximum: Int?)
    /// True when the pattern contains `^`, so text cannot be put in front of a match.
    let anchoredAtStart: Bool
    /// True when the pattern contains `$`, so text cannot follow a match.
    let anchoredAtEnd: Bool
    private let root: RegexNode

    /// A generator for `pattern`, or nil when it does not parse.
    init?(_ pattern: String) {
        guard let root = try? RegexParser.parse(pattern) else { return nil }
        self.root = root
        lengths = Self.lengths(of: root)
        anchoredAtStart = Self.contains(.start, in: root)
        anchoredAtEnd = Self.contains(.end, in: root)
    }

    /// A string of about `length` scalars the pattern should match, following `preferred` where the pattern allows.
    func example(length: Int, preferred: [Unicode.Scalar], _ random: inout SplitMix64) -> String {
        var walk = Walk(preferred: preferred)
        walk.emit(root, want: min(max(length, 0), Self.maxLength), &random)
        var text = ""
        text.unicodeScalars.append(contentsOf: walk.output)
        return text
    }

    // Lengths past this bound are treated as unbounded, which keeps the arithmetic from overflowing.
    private static let unbounded = 1 << 30

    private static func lengths(of node: RegexNode) -> (minimum: Int, maximum: Int?) {
        switch node {
        case .empty, .assertion:
            return (0, 0)
        case .scalar, .set:
            return (1, 1)
        case .concatenation(let items):
            var minimum = 0
            var maximum: Int? = 0
            for item in items {
                let (itemMinimum, itemMaximum) = lengths(of: item)
                minimum = min(minimum + itemMinimum, unbounded)
                maximum = bounded(maximum, itemMaximum) { $0 + $1 }
            }
            return (minimum, maximum)
        case .alternation(let branches):
            let all = branches.map { lengths(of: $0) }
            let minimum = all.map(\.minimum).min() ?? 0
            let maximum = all.contains { $0.maximum == nil } ? nil : all.compactMap(\.maximum).max()
            return (minimum, maximum)
        case .repetition(let body, let count, let countMaximum, _):
            let (bodyMinimum, bodyMaximum) = lengths(of: body)
            let minimum = min(bodyMinimum * count, unbounded)
            if bodyMaximum == 0 { return (minimum, 0) }
            return (minimum, bounded(bodyMaximum, countMaximum) { $0 * $1 })
        }
    }

    private static func bounded(_ lhs: Int?, _ rhs: Int?, _ combine: (Int, Int) -> Int) -> Int? {
        guard let lhs, let rhs else { return nil }
        let result = combine(lhs, rhs)
        return result > unbounded ? nil : result
    }

    private static func contains(_ assertion: RegexAssertion, in node: RegexNode) -> Bool {
        switch node {
        case .empty, .scalar, .set: return false
        case .assertion(let found): return found == assertion
        case .concatenation(let items), .alternation(let items): return items.contains { contains(assertion, in: $0) }
        case .repetition(let body, _, _, _): return contains(assertion, in: body)
        }
    }

    /// `total` extra length shared among parts with the given spare capacities (nil: unbounded), in random shares.
    private static func share(_ total: Int, among capacities: [Int?], _ random: inout SplitMix64) -> [Int] {
        var shares = [Int](repeating: 0, count: capacities.count)
        var remaining = total
        var open = capacities.indices.filter { capacities[$0].map { $0 > 0 } ?? true }
        while remaining > 0, !open.isEmpty {
            let pick = random.int(in: 0...(open.count - 1))
            let part = open[pick]
            let room = capacities[part].map { $0 - shares[part] } ?? remaining
            let amount = open.count == 1 ? min(room, remaining) : min(room, random.int(in: 1...remaining))
            shares[part] += amount
            remaining -= amount
            if let capacity = capacities[part], shares[part] >= capacity { open.remove(at: pick) }
        }
        return shares
    }

    private struct Walk {
        let preferred: [Unicode.Scalar]
        var output: [Unicode.Scalar] = []

        // Character groups tried in order when the preferred scalar does not fit a set: they read naturally.
        private static let groups: [ClosedRange<UInt32>] = [0x61...0x7A, 0x30...0x39, 0x41...0x5A, 0x21...0x7E, 0x20...0x20]

        mutating func emit(_ node: RegexNode, want: Int, _ random: inout SplitMix64) {
            guard output.count < RegexExampleGenerator.maxLength else { return }
            switch node {
            case .empty, .assertion:
                break
            case .scalar(let value):
                if let scalar = Unicode.Scalar(value) { output.append(scalar) }
            case .set(let set):
                if let scalar = pick(from: set, &random) { output.append(scalar) }
            case .concatenation(let items):
                let all = items.map { RegexExampleGenerator.lengths(of: $0) }
                let floor = all.reduce(0) { $0 + $1.minimum }
                let extra = RegexExampleGenerator.share(
                    max(want - floor, 0), among: all.map { range in range.maximum.map { $0 - range.minimum } }, &random)
                for (position, item) in items.enumerated() {
                    emit(item, want: all[position].minimum + extra[position], &random)
                }
            case .alternation(let branches):
                let all = branches.map { RegexExampleGenerator.lengths(of: $0) }
                let fitting = branches.indices.filter { all[$0].minimum <= want && all[$0].maximum.map { want <= $0 } ?? true }
                let distance = { (index: Int) in max(all[index].minimum - want, want - (all[index].maximum ?? want), 0) }
                let chosen = random.element(of: fitting)
                    ?? branches.indices.min { distance($0) < distance($1) } ?? 0
                emit(branches[chosen], want: want, &random)
            case .repetition(let body, let minimum, let maximum, _):
                let (bodyMinimum, bodyMaximum) = RegexExampleGenerator.lengths(of: body)
                let count = repetitions(want: want, minimum: minimum, maximum: maximum, body: (bodyMinimum, bodyMaximum), &random)
                let extra = RegexExampleGenerator.share(
                    max(want - count * bodyMinimum, 0),
                    among: [Int?](repeating: bodyMaximum.map { $0 - bodyMinimum }, count: count), &random)
                for iteration in 0..<count {
                    emit(body, want: bodyMinimum + extra[iteration], &random)
                }
            }
        }

        // The number of iterations that best reaches `want`, chosen at random among those that do.
        private func repetitions(
            want: Int, minimum: Int, maximum: Int?, body: (minimum: Int, maximum: Int?), _ random: inout SplitMix64
        ) -> Int {
            let ceiling = min(maximum ?? RegexExampleGenerator.maxLength, RegexExampleGenerator.maxLength)
            guard body.maximum != 0, minimum < ceiling else { return min(minimum, RegexExampleGenerator.maxLength) }
            let fewest = body.maximum.map { (want + $0 - 1) / $0 } ?? (want > 0 ? 1 : 0)
            let most = body.minimum == 0 ? ceiling : want / body.minimum
            let low = min(max(fewest, minimum), ceiling)
            let high = max(min(most, ceiling, low + 3), minimum)
            return low <= high ? random.int(in: low...high) : low
        }

        private mutating func pick(from set: ScalarSet, _ random: inout SplitMix64) -> Unicode.Scalar? {
            if output.count < preferred.count {
                let wanted = preferred[output.count]
                if set.contains(wanted.value) { return wanted }
                if let other = Self.otherCase(of: wanted), set.contains(other.value) { return other }
            }
            for group in Self.groups {
                let members = set.ranges.filter { $0.overlaps(group) }.map { $0.clamped(to: group) }
                let total = members.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 }
                guard total > 0 else { continue }
                var offset = random.int(in: 0...(total - 1))
                for range in members {
                    let size = Int(range.upperBound - range.lowerBound) + 1
                    if offset < size { return Unicode.Scalar(range.lowerBound + UInt32(offset)) }
                    offset -= size
                }
            }
            // Nothing printable in ASCII: take the first real scalar the set holds, skipping surrogates.
            for range in set.ranges {
                for candidate in [range.lowerBound, 0xE000] where range.contains(candidate) {
                    if let scalar = Unicode.Scalar(candidate) { return scalar }
                }
            }
            return nil
        }

        private static func otherCase(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
            switch scalar.value {
            case 0x41...0x5A: return Unicode.Scalar(scalar.value + 0x20)
            case 0x61...0x7A: return Unicode.Scalar(scalar.value - 0x20)
            default: return nil
            }
        }
    }
}
