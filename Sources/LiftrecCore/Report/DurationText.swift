/// Durations written the way `--max-age` reads them: `30d`, `2d 4h`, `45s`.
public enum DurationText {
    /// `seconds` as its two most significant units (days, hours, minutes, seconds), rounded down; `0s` for none.
    public static func format(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 1 else { return "0s" }
        var remaining = seconds >= Double(Int.max) ? Int.max : Int(seconds)
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
