/// The one rule for the order JSON members are written in, in its two forms: RFC 8785's, by UTF-16 code units, for
/// canonical text and fingerprints; and Python's `sort_keys`, by code points, which is UTF-8 byte order, for stores.
///
/// Every writer that sorts members, and the parser that checks a file is already in Python's order, asks this type.
enum JSONMemberOrder: Sendable {
    /// RFC 8785 §3.2.3: names compared as arrays of UTF-16 code units.
    case rfc8785
    /// Python's `sorted` on `str`: names compared by code point.
    case python

    /// Negative, zero or positive as the name `left` sorts before, with or after `right`, both given as UTF-8.
    func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(left.count, right.count)
        var index = 0
        while index < common && left[index] == right[index] { index += 1 }
        guard index < common else { return left.count - right.count }
        // UTF-8 byte order is code point order. UTF-16 differs only where a character above U+FFFF (lead byte F0 or
        // more, a surrogate pair from D800) meets one from U+E000 to U+FFFF (lead byte EE or EF): the pair sorts first.
        if self == .rfc8785 {
            // The bytes before `index` are equal, so both names have a character starting at the same place.
            var start = index
            while start > 0 && left[start] & 0xC0 == 0x80 { start -= 1 }
            let leftLead = left[start]
            let rightLead = right[start]
            if leftLead >= 0xF0 && (0xEE...0xEF).contains(rightLead) { return -1 }
            if rightLead >= 0xF0 && (0xEE...0xEF).contains(leftLead) { return 1 }
        }
        return Int(left[index]) - Int(right[index])
    }

    /// True when the name `left` sorts strictly before `right`.
    func precedes(_ left: String, _ right: String) -> Bool {
        JSONByteBuffer.withUTF8(of: left) { left in JSONByteBuffer.withUTF8(of: right) { right in compare(left, right) < 0 } }
    }

    /// True when the name `left` sorts strictly before `right`, both given as UTF-8.
    func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        compare(left, right) < 0
    }
}
