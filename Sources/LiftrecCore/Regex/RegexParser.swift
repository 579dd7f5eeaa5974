/// Parses the ECMA-262 regex subset used in JSON Schema `pattern`s into a `RegexNode`.
struct RegexParser {
    /// The largest count accepted in `{n}`, `{n,}` and `{n,m}`.
    static let maxRepetition = 1000
    /// The deepest group nesting accepted.
    static let maxNesting = 64

    private let pattern: String
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Parses `pattern` completely.
    static func parse(_ pattern: String) throws(RegexError) -> RegexNode {
        var parser = RegexParser(pattern: pattern)
        let node = try parser.parseAlternation(depth: 0)
        if parser.position < parser.scalars.count {
            throw parser.error(.unmatchedParenthesis)
        }
        return node
    }

    private init(pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
    }

    private var current: Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private func error(_ problem: RegexError.Problem, at offset: Int? = nil) -> RegexError {
        RegexError(pattern: pattern, offset: offset ?? position, problem: problem)
    }

    private func text(from start: Int) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start..<min(position, scalars.count)])
        return result
    }

    private mutating func parseAlternation(depth: Int) throws(RegexError) -> RegexNode {
        guard depth <= Self.maxNesting else { throw error(.nestedTooDeeply) }
        var branches = [try parseConcatenation(depth: depth)]
        while current == "|" {
            position += 1
            branches.append(try parseConcatenation(depth: depth))
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation(depth: Int) throws(RegexError) -> RegexNode {
        var items: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atomStart = position
            let atom = try parseAtom(depth: depth)
            items.append(try parseQuantifier(on: atom, atomStart: atomStart))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    private mutating func parseQuantifier(on atom: RegexNode, atomStart: Int) throws(RegexError) -> RegexNode {
        let quantifierStart = position
        guard let (min, max) = try parseRepetitionBounds() else { return atom }
        if case .assertion = atom { throw error(.nothingToRepeat, at: quantifierStart) }
        var lazy = false
        if current == "?" {
            lazy = true
            position += 1
        }
        if let next = current, next == "*" || next == "+" || next == "?" || (next == "{" && lookingAtBraceQuantifier()) {
            throw error(.nothingToRepeat)
        }
        return .repetition(atom, min: min, max: max, lazy: lazy)
    }

    // Reads `*`, `+`, `?` or a well-formed `{n}`, `{n,}`, `{n,m}`; any other `{` is a literal (Annex B).
    private mutating func parseRepetitionBounds() throws(RegexError) -> (Int, Int?)? {
        switch current {
        case "*": position += 1; return (0, nil)
        case "+": position += 1; return (1, nil)
        case "?": position += 1; return (0, 1)
        case "{":
            guard lookingAtBraceQuantifier() else { return nil }
            let start = position
            position += 1
            let min = try parseCount()
            var max: Int? = min
            if current == "," {
                position += 1
                max = current == "}" ? nil : try parseCount()
            }
            position += 1
            if let max, max < min { throw error(.repetitionOutOfOrder(text(from: start)), at: start) }
            return (min, max)
        default:
            return nil
        }
    }

    private func lookingAtBraceQuantifier() -> Bool {
        var offset = 1
        func digits() -> Bool {
            let start = offset
            while let scalar = peek(offset), ("0"..."9").contains(scalar) { offset += 1 }
            return offset > start
        }
        guard digits() else { return false }
        if peek(offset) == "," {
            offset += 1
            _ = digits()
        }
        return peek(offset) == "}"
    }

    private mutating func parseCount() throws(RegexError) -> Int {
        let start = position
        var value = 0
        while let scalar = current, ("0"..."9").contains(scalar) {
            value = Swift.min(value * 10 + Int(scalar.value - 0x30), Self.maxRepetition + 1)
            position += 1
        }
        guard value <= Self.maxRepetition else { throw error(.repetitionTooLarge(Int(text(from: start)) ?? value), at: start) }
        return value
    }

    private mutating func parseAtom(depth: Int) throws(RegexError) -> RegexNode {
        guard let scalar = current else { return .empty }
        switch scalar {
        case "(":
            return try parseGroup(depth: depth)
        case "[":
            return .set(try parseClass())
        case ".":
            position += 1
            return .set(.dot)
        case "^":
            position += 1
            return .assertion(.start)
        case "$":
            position += 1
            return .assertion(.end)
        case "\\":
            return try parseAtomEscape()
        case "*", "+", "?":
            throw error(.nothingToRepeat)
        case "{" where lookingAtBraceQuantifier():
            throw error(.nothingToRepeat)
        default:
            position += 1
            return .scalar(scalar.value)
        }
    }

    private mutating func parseGroup(depth: Int) throws(RegexError) -> RegexNode {
        let start = position
        position += 1
        if current == "?" {
            switch (peek(1), peek(2)) {
            case (":", _):
                position += 2
            case ("=", _):
                throw error(.unsupported("lookahead (?=…)"), at: start)
            case ("!", _):
                throw error(.unsupported("negative lookahead (?!…)"), at: start)
            case ("<", "="):
                throw error(.unsupported("lookbehind (?<=…)"), at: start)
            case ("<", "!"):
                throw error(.unsupported("negative lookbehind (?<!…)"), at: start)
            case ("<", _):
                // Named groups only name a capture, and matching here never reports captures.
                position += 2
                while let scalar = current, scalar != ">" { position += 1 }
                guard current == ">" else { throw error(.unterminatedGroup, at: start) }
                position += 1
            default:
                throw error(.unsupported("the group syntax \"(?\(peek(1).map(String.init) ?? "")\""), at: start)
            }
        }
        let inner = try parseAlternation(depth: depth + 1)
        guard current == ")" else { throw error(.unterminatedGroup, at: start) }
        position += 1
        return inner
    }

    private mutating func parseAtomEscape() throws(RegexError) -> RegexNode {
        let start = position
        switch peek(1) {
        case "b":
            position += 2
            return .assertion(.wordBoundary)
        case "B":
            position += 2
            return .assertion(.notWordBoundary)
        case let digit? where ("1"..."9").contains(digit):
            throw error(.unsupported("the backreference \\\(digit)"), at: start)
        case "k" where peek(2) == "<":
            throw error(.unsupported("the named backreference \\k<…>"), at: start)
        default:
            switch try parseEscape(inClass: false) {
            case .scalar(let value): return .scalar(value)
            case .set(let set): return .set(set)
            }
        }
    }

    private enum ClassAtom {
        case scalar(UInt32)
        case set(ScalarSet)
    }

    // Parses the escape starting at the backslash under `position`.
    private mutating func parseEscape(inClass: Bool) throws(RegexError) -> ClassAtom {
        let start = position
        position += 1
        guard let scalar = current else { throw error(.invalidEscape("\\ at the end of the pattern"), at: start) }
        position += 1
        switch scalar {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.inverted())
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted())
        case "s": return .set(.space)
        case "S": return .set(ScalarSet.space.inverted())
        case "t": return .scalar(0x09)
        case "n": return .scalar(0x0A)
        case "v": return .scalar(0x0B)
        case "f": return .scalar(0x0C)
        case "r": return .scalar(0x0D)
        case "b" where inClass: return .scalar(0x08)
        case "-" where inClass: return .scalar(0x2D)
        case "0" where !(current.map { ("0"..."9").contains($0) } ?? false): return .scalar(0)
        case "c":
            guard let letter = current, ("a"..."z").contains(letter) || ("A"..."Z").contains(letter) else {
                throw error(.invalidEscape("\\c"), at: start)
            }
            position += 1
            return .scalar(letter.value % 32)
        case "x":
            guard let value = parseHex(count: 2) else { throw error(.invalidEscape(text(from: start)), at: start) }
            return .scalar(value)
        case "u":
            return .scalar(try parseUnicodeEscape(start: start))
        case "p", "P":
            throw error(.unsupported("the Unicode property escape \\\(scalar)"), at: start)
        default:
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                throw error(.unsupported("the escape \\\(scalar)"), at: start)
            }
            return .scalar(scalar.value)
        }
    }

    private mutating func parseUnicodeEscape(start: Int) throws(RegexError) -> UInt32 {
        if current == "{" {
            position += 1
            var value: UInt32 = 0
            var digitCount = 0
            while let scalar = current, let digit = Self.hexValue(scalar) {
                value = value > 0x10_FFFF ? value : value * 16 + digit
                digitCount += 1
                position += 1
            }
            guard digitCount > 0, current == "}", value <= 0x10_FFFF, Unicode.Scalar(value) != nil else {
                throw error(.invalidEscape(text(from: start)), at: start)
            }
            position += 1
            return value
        }
        guard let unit = parseHex(count: 4) else { throw error(.invalidEscape(text(from: start)), at: start) }
        if (0xD800...0xDBFF).contains(unit), peek(0) == "\\", peek(1) == "u" {
            let saved = position
            position += 2
            if let low = parseHex(count: 4), (0xDC00...0xDFFF).contains(low) {
                return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            position = saved
        }
        guard Unicode.Scalar(unit) != nil else {
            throw error(.invalidEscape("\(text(from: start)) (a lone surrogate)"), at: start)
        }
        return unit
    }

    private mutating func parseHex(count: Int) -> UInt32? {
        guard position + count <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let digit = Self.hexValue(scalars[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        position += count
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 0x30
        case "a"..."f": return scalar.value - 0x61 + 10
        case "A"..."F": return scalar.value - 0x41 + 10
        default: return nil
        }
    }

    private mutating func parseClass() throws(RegexError) -> ScalarSet {
        let start = position
        position += 1
        var negated = false
        if current == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var sets: [ScalarSet] = []
        while current != "]" {
            guard current != nil else { throw error(.unterminatedClass, at: start) }
            let lowStart = position
            let low = try parseClassAtom()
            if current == "-", let next = peek(1), next != "]" {
                position += 1
                let high = try parseClassAtom()
                switch (low, high) {
                case (.scalar(let lower), .scalar(let upper)):
                    guard lower <= upper else { throw error(.rangeOutOfOrder(text(from: lowStart)), at: lowStart) }
                    ranges.append(lower...upper)
                default:
                    // Annex B: a range with a class escape at either end is that escape, "-" and the other end.
                    for atom in [low, high] {
                        switch atom {
                        case .scalar(let value): ranges.append(value...value)
                        case .set(let set): sets.append(set)
                        }
                    }
                    ranges.append(0x2D...0x2D)
                }
            } else {
                switch low {
                case .scalar(let value): ranges.append(value...value)
                case .set(let set): sets.append(set)
                }
            }
        }
        position += 1
        let set = sets.reduce(ScalarSet(ranges)) { $0.union($1) }
        return negated ? set.inverted() : set
    }

    private mutating func parseClassAtom() throws(RegexError) -> ClassAtom {
        guard let scalar = current else { throw error(.unterminatedClass) }
        if scalar == "\\" {
            if peek(1) == "B" { throw error(.invalidEscape("\\B inside a class")) }
            return try parseEscape(inClass: true)
        }
        position += 1
        return .scalar(scalar.value)
    }
}
