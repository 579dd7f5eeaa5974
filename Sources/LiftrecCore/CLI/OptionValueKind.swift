/// What an option takes after its name, and how that text is checked and converted.
public enum OptionValueKind: Sendable, Equatable {
    /// No value: the option is on when present.
    case flag
    /// Any non-empty text.
    case string
    /// A whole number inside the range.
    case integer(ClosedRange<Int>)
    /// A non-negative decimal number such as dollars or seconds (`2.50`, `180`), at most `decimalLimit`.
    case decimal
    /// A time limit in seconds: above 0 and at most a week (`0.5`, `180`).
    case timeLimit
    /// One of a fixed set of words.
    case choice([String])
    /// A number with a unit, `45s`, `90m`, `12h`, `30d` or `2w`, read as seconds.
    case duration
    /// A shard `I/N` with 1 <= I <= N.
    case shard

    /// What a valid value looks like, phrased to follow "expects".
    public var expectation: String {
        switch self {
        case .flag:
            return "no value"
        case .string:
            return "a non-empty value"
        case .integer(let range) where range.upperBound == Int.max:
            return "a whole number of at least \(range.lowerBound)"
        case .integer(let range):
            return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .decimal:
            return "a non-negative number up to 1000000, such as 2.5"
        case .timeLimit:
            return "a number of seconds above 0 and at most 604800 (a week), such as 180"
        case .choice(let words):
            return Self.oneOf(words)
        case .duration:
            return "a duration such as 45s, 90m, 12h, 30d or 2w"
        case .shard:
            return "a shard I/N with 1 <= I <= N, such as 2/4"
        }
    }

    /// The typed value `text` stands for, or nil when it does not fit this kind.
    public func value(from text: String) -> OptionValue? {
        switch self {
        case .flag:
            return nil
        case .string:
            return text.isEmpty ? nil : .string(text)
        case .integer(let range):
            guard let number = Self.wholeNumber(text), range.contains(number) else { return nil }
            return .integer(number)
        case .decimal:
            return Self.decimalNumber(text).flatMap { $0 <= Self.decimalLimit ? .decimal($0) : nil }
        case .timeLimit:
            return Self.decimalNumber(text).flatMap { $0 > 0 && $0 <= 604_800 ? .decimal($0) : nil }
        case .choice(let words):
            return words.contains(text) ? .string(text) : nil
        case .duration:
            return Self.seconds(text).map { .duration($0) }
        case .shard:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let index = Self.wholeNumber(Substring(parts[0])),
                  let count = Self.wholeNumber(Substring(parts[1])),
                  index >= 1, index <= count
            else { return nil }
            return .shard(index: index, count: count)
        }
    }

    /// The largest plain decimal accepted: larger amounts of dollars or seconds are typing mistakes.
    static let decimalLimit = 1_000_000.0

    /// Lists words as `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
    private static func oneOf(_ words: [String]) -> String {
        guard let last = words.last else { return "nothing" }
        let head = words.dropLast()
        return head.isEmpty ? "'\(last)'" : head.map { "'\($0)'" }.joined(separator: ", ") + " or '\(last)'"
    }

    // `Int(_:)` alone would accept `+5`; a sign other than `-` is not how people write counts.
    private static func wholeNumber<Text: StringProtocol>(_ text: Text) -> Int? {
        let digits = text.first == "-" ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return Int(String(text))
    }

    // `Double(_:)` would also take `inf`, `nan`, `1e9` and hex, none of which is a sensible amount.
    private static func decimalNumber<Text: StringProtocol>(_ text: Text) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ $0.allSatisfy(isDigit) }), parts.contains(where: { !$0.isEmpty }) else { return nil }
        return Double(String(text)).flatMap { $0.isFinite ? $0 : nil }
    }

    // `Character.isNumber` would also accept other scripts' digits, which `Int(_:)` then rejects.
    private static func isDigit(_ character: Character) -> Bool {
        character.asciiValue.map { (48...57).contains($0) } ?? false
    }

    private static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let amount = decimalNumber(text.dropLast()) else { return nil }
        let scale: Double
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3_600
        case "d": scale = 86_400
        case "w": scale = 604_800
        default: return nil
        }
        let seconds = amount * scale
        return seconds.isFinite ? seconds : nil
    }
}
