/// Durations as people write them (`200ms`, `45s`, `90m`, `12h`, `30d`, `2w`; a bare number is seconds) and as liftrec prints them.
enum DurationText {
    /// Why a text is not a duration.
    enum ParseError: Error, Sendable, Equatable {
        /// Not a plain non-negative decimal number, alone or followed by one of the units.
        case malformed
        /// A bare number where the unit must be written; with advice such as `write 200ms, or 200s for seconds`.
        case missingUnit(advice: String)
        /// Longer than the limit the caller set, or than `longest`.
        case tooLong
    }

    /// The longest duration read, in seconds (about 292 years): its nanoseconds still fit in 64 bits, so no conversion traps.
    static let longest = Double(Int64.max / 1_000_000_000)

    private static let units: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400), ("w", 604_800),
    ]

    /// The seconds `text` stands for, at most `limit`; with `unitRequired`, a bare number other than 0 is refused
    /// (where a bare number once meant milliseconds, reading it as seconds would silently change its meaning).
    static func seconds(_ text: String, unitRequired: Bool = false, atMost limit: Double = longest) throws(ParseError) -> Double {
        let unit = units.first { text.hasSuffix($0.suffix) }
        let number = text.dropLast(unit?.suffix.count ?? 0)
        guard let amount = Double(plainDecimal: number) else { throw .malformed }
        if unit == nil && unitRequired && amount != 0 {
            throw .missingUnit(advice: "write \(number)ms, or \(number)s for seconds")
        }
        let seconds = amount * (unit?.seconds ?? 1)
        guard seconds <= min(limit, longest) else { throw .tooLong }
        return seconds
    }

    /// `seconds` for messages: `250ms` under a second, `2.5s` under ten, `45s` under a minute, then the two largest
    /// of days, hours, minutes and seconds (`3m 5s`, `2d 4h`, `30d`), the last rounded down; `0s` for none.
    static func format(_ seconds: Double) -> String {
        guard seconds > 0 else { return "0s" }
        let milliseconds = (seconds * 1_000).rounded()
        if milliseconds < 1_000 { return "\(Int(milliseconds))ms" }
        let tenths = (seconds * 10).rounded()
        if tenths < 100 {
            let (whole, fraction) = Int(tenths).quotientAndRemainder(dividingBy: 10)
            return fraction == 0 ? "\(whole)s" : "\(whole).\(fraction)s"
        }
        var remaining = seconds.rounded() < Double(Int.max) ? Int(seconds.rounded()) : Int.max
        var parts: [String] = []
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where parts.count < 2 {
            let amount = remaining / size
            remaining -= amount * size
            if amount > 0 {
                parts.append("\(amount)\(unit)")
            } else if !parts.isEmpty {
                break
            }
        }
        return parts.joined(separator: " ")
    }
}
