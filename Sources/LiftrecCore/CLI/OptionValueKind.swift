/// What an option takes after its name, and how that text is checked and converted.
enum OptionValueKind: Sendable, Equatable {
    /// No value: the option is on when present.
    case flag
    /// Any non-empty text.
    case string
    /// A whole number inside the range.
    case integer(ClosedRange<Int>)
    /// A non-negative decimal number such as dollars or seconds (`2.50`, `180`), at most `decimalLimit`.
    case decimal
    /// A time limit above 0 and at most a week, in seconds or with a unit (`0.5`, `180`, `3m`).
    case timeLimit
    /// One of a fixed set of words.
    case choice([String])
    /// A duration such as `45s`, `90m`, `12h`, `30d` or `2w` (a bare number is seconds), read as seconds.
    case duration
    /// A shard `I/N` with 1 <= I <= N.
    case shard
    /// A replay delay: `none`, `recorded`, or a duration with its unit up to an hour (`200ms`, `1.5s`).
    case latency
    /// A stream's pace: `none`, `recorded`, or `x` and a factor from 0 to 100 (`x0.1`).
    case streamTiming

    /// What a valid value looks like, phrased to follow "expects".
    var expectation: String {
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
            return "a number of seconds above 0 and at most 604800 (a week), such as 180, or a duration such as 3m"
        case .choice(let words):
            return Self.oneOf(words)
        case .duration:
            return "a duration such as 45s, 90m, 12h, 30d or 2w"
        case .shard:
            return "a shard I/N with 1 <= I <= N, such as 2/4"
        case .latency:
            return "'none', 'recorded' or a duration with its unit, such as 200ms or 2s, at most 1h"
        case .streamTiming:
            return "'none', 'recorded' or x and a factor from 0 to 100, such as x0.1"
        }
    }

    /// A valid value close to the invalid `text`, for the error's "did you mean": the nearest word, or the unit or
    /// prefix a number lacks.
    func suggestion(for text: String) -> String? {
        switch self {
        case .choice(let words):
            return SpellingSuggestion.closest(to: text, among: words)
        case .latency:
            // A bare number once meant milliseconds.
            if Double(plainDecimal: text) != nil, ReplayLatency(text + "ms") != nil { return text + "ms" }
            return SpellingSuggestion.closest(to: text, among: ReplayLatency.words)
        case .streamTiming:
            if ReplayStreamTiming("x" + text) != nil { return "x" + text }
            return SpellingSuggestion.closest(to: text, among: ReplayStreamTiming.words)
        case .flag, .string, .integer, .decimal, .timeLimit, .duration, .shard:
            return nil
        }
    }

    /// The typed value `text` stands for, or nil when it does not fit this kind.
    func value(from text: String) -> OptionValue? {
        switch self {
        case .flag:
            return nil
        case .string:
            return text.isEmpty ? nil : .string(text)
        case .integer(let range):
            guard let number = Self.wholeNumber(text), range.contains(number) else { return nil }
            return .integer(number)
        case .decimal:
            return Double(plainDecimal: text).flatMap { $0 <= Self.decimalLimit ? .decimal($0) : nil }
        case .timeLimit:
            return (try? DurationText.seconds(text, atMost: 604_800)).flatMap { $0 > 0 ? .decimal($0) : nil }
        case .choice(let words):
            return words.contains(text) ? .string(text) : nil
        case .duration:
            return (try? DurationText.seconds(text)).map { .duration($0) }
        case .shard:
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let index = Self.wholeNumber(Substring(parts[0])),
                  let count = Self.wholeNumber(Substring(parts[1])),
                  index >= 1, index <= count
            else { return nil }
            return .shard(index: index, count: count)
        case .latency:
            return ReplayLatency(text).map { .latency($0) }
        case .streamTiming:
            return ReplayStreamTiming(text).map { .streamTiming($0) }
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

    // `Character.isNumber` would also accept other scripts' digits, which `Int(_:)` then rejects.
    private static func isDigit(_ character: Character) -> Bool {
        character.asciiValue.map { (48...57).contains($0) } ?? false
    }
}
