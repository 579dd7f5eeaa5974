/// Writes numbers the way ECMAScript's `Number.prototype.toString` prints their nearest double (RFC 8785 §3.2.2.3).
enum ECMAScriptNumberFormatter {
    /// The ECMAScript text of `number`'s nearest double, or an error when that double is infinite.
    static func text(of number: JSONNumber) throws(JSONCanonicalError) -> String {
        let utf8 = number.text.utf8
        let digits = utf8.first == UInt8(ascii: "-") ? utf8.dropFirst() : utf8[...]
        // An integer of at most 15 digits is exactly a double and already in canonical form, except `-0`.
        if !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
            return digits.elementsEqual(CollectionOfOne(UInt8(ascii: "0"))) ? "0" : number.text
        }
        if let plain = plainDecimal(digits, negative: digits.count < utf8.count) { return plain }
        let value = number.doubleValue
        guard value.isFinite else { throw .numberOutOfRange(number.text) }
        return Self.text(of: value)
    }

    /// The ECMAScript text of a decimal such as `0.70` with at most 15 significant digits and no exponent, written
    /// without going through a double: 15 digits always survive the round trip, so the shortest digits are the
    /// text's own without trailing zeros. Nil for any other text, and for magnitudes below 1e-6 that ECMAScript
    /// writes with an exponent.
    private static func plainDecimal(_ digits: Substring.UTF8View.SubSequence, negative: Bool) -> String? {
        guard let point = digits.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let whole = digits[..<point]
        var fraction = digits[digits.index(after: point)...]
        guard !whole.isEmpty, !fraction.isEmpty,
              whole.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), fraction.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        let wholeIsZero = whole.elementsEqual(CollectionOfOne(UInt8(ascii: "0")))
        let leadingZeros = wholeIsZero ? fraction.prefix { $0 == UInt8(ascii: "0") }.count : 0
        let significant = (wholeIsZero ? 0 : whole.count) + fraction.count - leadingZeros
        guard significant <= 15, leadingZeros < 6 else { return nil }
        if fraction.isEmpty {
            return wholeIsZero ? "0" : (negative ? "-" : "") + String(decoding: whole, as: UTF8.self)
        }
        return (negative ? "-" : "") + String(decoding: whole, as: UTF8.self) + "." + String(decoding: fraction, as: UTF8.self)
    }

    /// The ECMAScript text of a finite double: shortest round-trip digits, plain notation from 1e-6 up to 1e21.
    static func text(of value: Double) -> String {
        if value == 0 { return "0" }
        // Swift's description already holds the shortest digits that round-trip, closest to the value when
        // several do, which is what ECMAScript requires; only the layout differs.
        let (digits, pointPosition) = decimalDigits(of: value.magnitude.description)
        let count = digits.count
        var result = value < 0 ? "-" : ""
        if count <= pointPosition && pointPosition <= 21 {
            result += digits + String(repeating: "0", count: pointPosition - count)
        } else if 0 < pointPosition && pointPosition <= 21 {
            result += digits.prefix(pointPosition) + "." + digits.dropFirst(pointPosition)
        } else if -6 < pointPosition && pointPosition <= 0 {
            result += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else {
            let exponent = pointPosition - 1
            result += digits.prefix(1) + (count > 1 ? "." + digits.dropFirst() : "")
                + (exponent < 0 ? "e-" : "e+") + String(exponent.magnitude)
        }
        return result
    }

    /// The significant digits of a positive decimal text such as `1.25e-07`, without leading or trailing
    /// zeros, and the position of the decimal point relative to them (`value = 0.digits × 10^pointPosition`).
    private static func decimalDigits(of text: String) -> (digits: String, pointPosition: Int) {
        var digits = ""
        var pointPosition = 0
        var seenPoint = false
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "-") where inExponent: exponentSign = -1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else if digits.isEmpty && byte == UInt8(ascii: "0") {
                    if seenPoint { pointPosition -= 1 }
                } else {
                    digits.unicodeScalars.append(Unicode.Scalar(byte))
                    if !seenPoint { pointPosition += 1 }
                }
            default: break
            }
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, pointPosition + exponentSign * exponent)
    }
}
