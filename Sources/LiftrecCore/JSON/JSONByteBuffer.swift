import Glibc

/// A growable byte buffer that the writers fill through a pointer, because `Array.append` per token costs more
/// than the writing itself; `finish()` hands the bytes back as an array.
struct JSONByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// An empty buffer with room for `capacity` bytes before it first grows.
    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        guard let allocated = malloc(self.capacity) else { fatalError("out of memory allocating a JSON buffer") }
        base = allocated.bindMemory(to: UInt8.self, capacity: self.capacity)
    }

    deinit {
        free(base)
    }

    /// The bytes written.
    consuming func finish() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the bytes written so far, without copying them out.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends ASCII text.
    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 bytes unchanged.
    mutating func append(utf8 text: String) {
        Self.withUTF8(of: text) { append($0) }
    }

    /// Appends bytes.
    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends a newline and two spaces per level of `depth`.
    @inline(__always)
    mutating func appendNewline(indentedTo depth: Int) {
        let spaces = 2 * depth
        reserve(1 + spaces)
        base[count] = 0x0A
        (base + count + 1).update(repeating: 0x20, count: spaces)
        count += 1 + spaces
    }

    /// Appends `string` as a quoted JSON string literal. Control characters, `"` and `\` are always escaped
    /// (short forms `\b \f \n \r \t` where JSON has them, else `\u00xx`); with `escapingNonASCII`, so are DEL
    /// and every non-ASCII character, as `\uxxxx` and surrogate pairs (Python's `ensure_ascii`).
    @inline(__always)
    mutating func appendQuoted(_ string: String, escapingNonASCII: Bool) {
        Self.withUTF8(of: string) { appendQuoted(utf8: $0, escapingNonASCII: escapingNonASCII) }
    }

    /// Appends well-formed UTF-8 text as a quoted JSON string literal, escaped as `appendQuoted(_:escapingNonASCII:)` says.
    @inline(__always)
    mutating func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, escapingNonASCII: Bool) {
        // An escape is at most six bytes per input byte (a control character as `\u00xx`).
        reserve(2 + 6 * utf8.count)
        guard let source = utf8.baseAddress else {
            (base + count).update(repeating: UInt8(ascii: "\""), count: 2)
            count += 2
            return
        }
        var output = base + count
        output.pointee = UInt8(ascii: "\"")
        output += 1
        var index = 0
        let length = utf8.count
        while index < length {
            if index + 8 <= length {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                if !Self.wordNeedsEscape(word, escapingNonASCII: escapingNonASCII) {
                    UnsafeMutableRawPointer(output).storeBytes(of: word, as: UInt64.self)
                    output += 8
                    index += 8
                    continue
                }
            }
            let byte = source[index]
            if !Self.byteNeedsEscape(byte, escapingNonASCII: escapingNonASCII) {
                output.pointee = byte
                output += 1
                index += 1
                continue
            }
            guard byte >= 0x80 else {
                output = Self.writeEscape(UInt16(byte), at: output)
                index += 1
                continue
            }
            // A String holds well-formed UTF-8, so the lead byte gives the sequence length.
            let sequenceLength = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            let end = min(index + sequenceLength, length)
            var scalar = UInt32(byte) & (0x7F >> UInt32(sequenceLength))
            for continuation in (index + 1)..<end {
                scalar = scalar << 6 | UInt32(source[continuation] & 0x3F)
            }
            if scalar >= 0x10000 {
                output = Self.writeEscape(UInt16(truncatingIfNeeded: 0xD800 | (scalar - 0x10000) >> 10), at: output)
                output = Self.writeEscape(UInt16(truncatingIfNeeded: 0xDC00 | (scalar - 0x10000) & 0x3FF), at: output)
            } else {
                output = Self.writeEscape(UInt16(truncatingIfNeeded: scalar), at: output)
            }
            index = end
        }
        output.pointee = UInt8(ascii: "\"")
        count = output - base + 1
    }

    @inline(__always)
    private static func byteNeedsEscape(_ byte: UInt8, escapingNonASCII: Bool) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (escapingNonASCII && byte >= 0x7F)
    }

    /// True when any of the eight bytes in `word` needs escaping (false positives only cost the byte-wise path).
    @inline(__always)
    private static func wordNeedsEscape(_ word: UInt64, escapingNonASCII: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highBits }
        let control = (word &- 0x20 &* ones) & ~word & highBits
        var found = control | hasZeroByte(word ^ (0x22 &* ones)) | hasZeroByte(word ^ (0x5C &* ones))
        if escapingNonASCII {
            found |= (word & highBits) | hasZeroByte(word ^ (0x7F &* ones))
        }
        return found != 0
    }

    /// Writes the escape for one UTF-16 code unit at `output` and returns the position after it.
    @inline(__always)
    private static func writeEscape(_ unit: UInt16, at output: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        output[0] = UInt8(ascii: "\\")
        let short: UInt8
        switch unit {
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default:
            output[1] = UInt8(ascii: "u")
            for position in 0..<4 {
                let nibble = UInt8(truncatingIfNeeded: unit >> UInt16(12 - 4 * position)) & 0xF
                output[2 + position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return output + 6
        }
        output[1] = short
        return output + 2
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toFit: extra) }
    }

    private mutating func grow(toFit extra: Int) {
        let newCapacity = max(2 * capacity, count + extra)
        // realloc can extend in place or remap pages, which beats allocate-and-copy for large outputs.
        guard let grown = realloc(base, newCapacity) else { fatalError("out of memory growing a JSON buffer to \(newCapacity) bytes") }
        base = grown.bindMemory(to: UInt8.self, capacity: newCapacity)
        capacity = newCapacity
    }

    /// Calls `body` with the UTF-8 bytes of `string`, without copying them when they are already contiguous.
    @inline(__always)
    static func withUTF8<Result>(of string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var contiguous = string
        return contiguous.withUTF8(body)
    }
}
