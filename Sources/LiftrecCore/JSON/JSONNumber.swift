/// A JSON number held as its exact source text, compared by mathematical value.
struct JSONNumber: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The number exactly as it appeared in the document (valid RFC 8259 number grammar).
    let text: String

    /// Wraps number text that the caller guarantees is valid RFC 8259 number grammar.
    init(text: String) {
        self.text = text
    }

    /// A number from an integer.
    init(_ value: Int) {
        self.text = String(value)
    }

    /// The nearest `Double` to the value.
    var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The value as an `Int` when it is integral and fits, else nil (`2.0` and `2e0` give 2).
    var intValue: Int? {
        if let exact = Int(text) { return exact }
        let double = doubleValue
        guard double.isFinite, double == double.rounded(), abs(double) < 9.0e15 else { return nil }
        return Int(double)
    }

    /// True when the value is integral, as JSON Schema's `integer` type means it (`1.0` is an integer).
    var isIntegral: Bool {
        decimal.isIntegral
    }

    var description: String { text }

    /// The value split into sign, significant digits and exponent, so equal values compare equal.
    var decimal: Decimal { Decimal(text) }

    static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.text == rhs.text || lhs.decimal == rhs.decimal
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(decimal)
    }

    /// A normalised exact decimal: `(-1)^negative × digits × 10^exponent` with no trailing zero digits.
    struct Decimal: Hashable {
        let negative: Bool
        let digits: [UInt8]
        let exponent: Int

        init(_ text: String) {
            var negative = false
            var digits: [UInt8] = []
            var exponent = 0
            var fractionDigits = 0
            var inFraction = false
            var exponentText = ""
            var inExponent = false
            for byte in text.utf8 {
                if inExponent {
                    exponentText.unicodeScalars.append(Unicode.Scalar(byte))
                    continue
                }
                switch byte {
                case UInt8(ascii: "-"): negative = true
                case UInt8(ascii: "."): inFraction = true
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if digits.isEmpty && byte == UInt8(ascii: "0") {
                        if inFraction { fractionDigits += 1 }
                        continue
                    }
                    digits.append(byte - UInt8(ascii: "0"))
                    if inFraction { fractionDigits += 1 }
                default: break
                }
            }
            // Exponents beyond this bound cannot come from a sane document; clamping keeps the arithmetic safe.
            let parsedExponent = Int(exponentText.hasPrefix("+") ? String(exponentText.dropFirst()) : exponentText) ?? 0
            exponent = max(-1_000_000_000, min(1_000_000_000, parsedExponent)) - fractionDigits
            while let last = digits.last, last == 0 {
                digits.removeLast()
                exponent += 1
            }
            if digits.isEmpty {
                negative = false
                exponent = 0
            }
            self.negative = negative
            self.digits = digits
            self.exponent = exponent
        }

        var isIntegral: Bool { digits.isEmpty || exponent >= 0 }
    }
}
