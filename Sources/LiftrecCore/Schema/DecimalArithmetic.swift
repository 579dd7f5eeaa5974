// Exact comparison and divisibility on number text, so `0.3` is a multiple of `0.1` and bounds
// such as `maximum: 0.1` are not blurred by binary floating point.
extension JSONNumber.Decimal: Comparable {
    /// The most significant digits a `multipleOf` divisor may have: its digits must fit a `UInt64` remainder.
    static let maxDivisorDigits = 18

    static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.negative != rhs.negative { return lhs.negative }
        let order = magnitudeOrder(lhs, rhs)
        return lhs.negative ? order > 0 : order < 0
    }

    // -1, 0 or 1 as |lhs| is below, equal to or above |rhs|.
    private static func magnitudeOrder(_ lhs: Self, _ rhs: Self) -> Int {
        if lhs.digits.isEmpty || rhs.digits.isEmpty {
            return lhs.digits.isEmpty == rhs.digits.isEmpty ? 0 : (lhs.digits.isEmpty ? -1 : 1)
        }
        // Digits are normalised without leading or trailing zeros, so the leading digit's place decides first.
        let lhsPlace = lhs.digits.count + lhs.exponent
        let rhsPlace = rhs.digits.count + rhs.exponent
        if lhsPlace != rhsPlace { return lhsPlace < rhsPlace ? -1 : 1 }
        for (left, right) in zip(lhs.digits, rhs.digits) where left != right {
            return left < right ? -1 : 1
        }
        return lhs.digits.count == rhs.digits.count ? 0 : (lhs.digits.count < rhs.digits.count ? -1 : 1)
    }

    /// True when this value is an integer multiple of `divisor`, a positive value of at most `maxDivisorDigits` digits.
    func isMultiple(of divisor: Self) -> Bool {
        if digits.isEmpty { return true }
        // With no trailing zero digits, this value's digit string is not a multiple of 10, so a divisor
        // with a finer exponent can never divide it.
        guard exponent >= divisor.exponent else { return false }
        var modulus: UInt64 = 0
        for digit in divisor.digits { modulus = modulus * 10 + UInt64(digit) }
        guard modulus > 1 else { return true }
        var remainder: UInt64 = 0
        for digit in digits { remainder = (remainder * 10 + UInt64(digit)) % modulus }
        var power: UInt64 = 1
        var base: UInt64 = 10 % modulus
        var shift = exponent - divisor.exponent
        while shift > 0 {
            if shift & 1 == 1 { power = Self.multiply(power, base, modulo: modulus) }
            base = Self.multiply(base, base, modulo: modulus)
            shift >>= 1
        }
        return Self.multiply(remainder, power, modulo: modulus) == 0
    }

    private static func multiply(_ lhs: UInt64, _ rhs: UInt64, modulo modulus: UInt64) -> UInt64 {
        let product = lhs.multipliedFullWidth(by: rhs)
        return modulus.dividingFullWidth((product.high, product.low)).remainder
    }
}
