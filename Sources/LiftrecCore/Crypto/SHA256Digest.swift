/// A SHA-256 digest held as its eight state words, so a case keeps its fingerprints in 32 bytes each rather than in
/// heap-allocated hex strings; the hex form is made only when it is shown or stored.
struct SHA256Digest: Sendable, Hashable {
    /// The digest's eight big-endian 32-bit words.
    let words: SIMD8<UInt32>

    /// The 64 lowercase hex digits.
    var hex: String {
        String(unsafeUninitializedCapacity: 64) { text in
            for index in 0..<64 { text[index] = digit(index) }
            return 64
        }
    }

    /// True when `text` is exactly this digest's 64 lowercase hex digits, compared without building either string.
    func matches(hex text: String) -> Bool {
        var utf8 = text.utf8.makeIterator()
        for index in 0..<64 {
            guard utf8.next() == digit(index) else { return false }
        }
        return utf8.next() == nil
    }

    // The hex digit at `index`: the nibbles run from the first word's high bits.
    @inline(__always)
    private func digit(_ index: Int) -> UInt8 {
        let nibble = Int(words[index >> 3] >> UInt32(28 - 4 * (index & 7)) & 0xF)
        return nibble < 10 ? UInt8(ascii: "0") + UInt8(nibble) : UInt8(ascii: "a") + UInt8(nibble - 10)
    }
}
