/// Picks a number inside a shape's bounds that is a multiple of each of its `multipleOf` values.
///
/// Candidates are `k × step` for a step that every divisor divides, written in plain decimal, and each is
/// checked exactly on its decimal digits before it is returned.
enum SampleNumber {
    /// A decimal `mantissa × 10^exponent`.
    private struct Step {
        var mantissa: Int
        var exponent: Int

        var doubleValue: Double { Double(mantissa) * SampleNumber.power(exponent) }
    }

    /// A number for `shape`, integral when asked, small and positive where the bounds allow; nil when none is found.
    static func make(
        _ shape: SampleShape, integral: Bool, excluding: [JSONValue], _ random: inout SplitMix64
    ) -> JSONNumber? {
        let divisors = shape.multiples.map(step)
        var common = divisors.first
        for divisor in divisors.dropFirst() { common = common.flatMap { combine($0, divisor) } }
        // Whole numbers or two decimal places read naturally; the plain divisor or a fine step covers narrow ranges.
        let readable = Step(mantissa: 1, exponent: integral ? 0 : -2)
        var steps: [Step] = []
        if let common {
            if let both = combine(common, readable) { steps.append(both) }
            steps.append(common)
        } else {
            steps.append(readable)
            if !integral { steps.append(Step(mantissa: 1, exponent: -6)) }
        }
        let lowest = shape.lower?.limit.doubleValue ?? -Double.infinity
        let highest = shape.upper?.limit.doubleValue ?? Double.infinity
        for step in steps {
            for window in [natural(lowest, highest), (lowest, highest)] {
                if let number = multiple(of: step, in: window, shape, integral, excluding, &random) { return number }
            }
        }
        let middle = lowest / 2 + highest / 2
        return middle.isFinite ? checked(JSONNumber(text: middle.description), shape, integral, excluding) : nil
    }

    // Where a model's numbers would fall: 0 to 100, moved next to the bounds when they exclude that range.
    private static func natural(_ lowest: Double, _ highest: Double) -> (Double, Double) {
        let low = max(lowest, 0)
        let high = min(highest, 100)
        if low <= high { return (low, high) }
        if highest < 0 { return (max(lowest, highest - 100), highest) }
        return (lowest, min(highest, lowest + 100))
    }

    private static func multiple(
        of step: Step, in window: (Double, Double), _ shape: SampleShape, _ integral: Bool, _ excluding: [JSONValue],
        _ random: inout SplitMix64
    ) -> JSONNumber? {
        // Multipliers stay below 2^53, where doubles still hold every integer, and `k × mantissa` fits an Int.
        let limit = min(9.0e15, Double(Int.max / max(abs(step.mantissa), 1)))
        let size = abs(step.doubleValue)
        guard size > 0, size.isFinite else { return nil }
        let first = max(window.0 / size, -limit).rounded(.up)
        let last = min(window.1 / size, limit).rounded(.down)
        guard first <= last else { return nil }
        let low = Int(first)
        let high = Int(last)
        let pick = random.int(in: low...high)
        // Neighbours of the pick come next, so values ruled out by `not` or `uniqueItems` are stepped over.
        let nearby = (1...8).flatMap { [pick &+ $0, pick &- $0] }
        for k in [pick] + nearby + [low, low + 1, high, high - 1] where (low...high).contains(k) {
            if let number = checked(text(k * step.mantissa, step.exponent), shape, integral, excluding) { return number }
        }
        return nil
    }

    private static func checked(
        _ number: JSONNumber, _ shape: SampleShape, _ integral: Bool, _ excluding: [JSONValue]
    ) -> JSONNumber? {
        let value = number.decimal
        guard !integral || value.isIntegral, !excluding.contains(.number(number)), !shape.excludedValues.contains(.number(number)),
              shape.lower.map({ $0.admits(value, isLower: true) }) ?? true,
              shape.upper.map({ $0.admits(value, isLower: false) }) ?? true,
              shape.multiples.allSatisfy({ value.isMultiple(of: $0.decimal) }) else { return nil }
        return number
    }

    private static func step(_ divisor: JSONNumber) -> Step {
        let decimal = divisor.decimal
        let mantissa = decimal.digits.prefix(18).reduce(0) { $0 * 10 + Int($1) }
        return Step(mantissa: max(mantissa, 1), exponent: decimal.exponent + max(decimal.digits.count - 18, 0))
    }

    // The least common multiple of two steps, or nil when it does not fit an Int. With the finer step
    // `a × 10^e1` and the coarser `b × 10^e2`, it is `b × a / gcd(a, b × 10^(e2 − e1)) × 10^e2`.
    private static func combine(_ lhs: Step, _ rhs: Step) -> Step? {
        let (fine, coarse) = lhs.exponent <= rhs.exponent ? (lhs, rhs) : (rhs, lhs)
        let a = UInt64(fine.mantissa)
        var power: UInt64 = 1 % a
        var base: UInt64 = 10 % a
        var places = coarse.exponent - fine.exponent
        while places > 0 {
            if places & 1 == 1 { power = multiply(power, base, modulo: a) }
            base = multiply(base, base, modulo: a)
            places >>= 1
        }
        var (x, y) = (a, multiply(UInt64(coarse.mantissa) % a, power, modulo: a))
        while y != 0 { (x, y) = (y, x % y) }
        let (mantissa, overflow) = coarse.mantissa.multipliedReportingOverflow(by: Int(a / x))
        return overflow ? nil : Step(mantissa: mantissa, exponent: coarse.exponent)
    }

    private static func multiply(_ lhs: UInt64, _ rhs: UInt64, modulo modulus: UInt64) -> UInt64 {
        let product = lhs.multipliedFullWidth(by: rhs)
        return modulus.dividingFullWidth((product.high, product.low)).remainder
    }

    private static func power(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(abs(exponent), 400) { result = exponent < 0 ? result / 10 : result * 10 }
        return result
    }

    // `mantissa × 10^exponent` in plain decimal notation, without trailing fraction zeros.
    private static func text(_ mantissa: Int, _ exponent: Int) -> JSONNumber {
        guard mantissa != 0 else { return JSONNumber(0) }
        if exponent >= 0 {
            return JSONNumber(text: exponent <= 15 ? String(mantissa) + String(repeating: "0", count: exponent) : "\(mantissa)e\(exponent)")
        }
        var digits = String(mantissa.magnitude)
        let places = -exponent
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        var whole = String(digits.dropLast(places))
        var fraction = String(digits.suffix(places))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        let sign = mantissa < 0 ? "-" : ""
        return JSONNumber(text: sign + whole + (fraction.isEmpty ? "" : "." + fraction))
    }
}
