import Glibc

/// A parsed JSON document kept as its own bytes plus one contiguous tape of value records, so reading a large
/// file allocates a few buffers instead of a tree of values; strings are decoded only when asked for.
///
/// Immutable once parsed; it owns its tape's memory, which is why it is `@unchecked Sendable`.
final class JSONDocument: @unchecked Sendable {
    /// The document's UTF-8 bytes, exactly as given.
    let bytes: [UInt8]
    /// One record per value and member name, in document order.
    let tape: UnsafeBufferPointer<JSONTapeRecord>
    /// True when the blanks and member order are exactly those of Python's `json.dumps(indent=2, sort_keys=True)`,
    /// so a value's text needs only its strings checked to be copied as Python would write it.
    let isPythonLayout: Bool

    /// The largest document in bytes: lengths share 32 bits with the kind, which keeps each record at 8 bytes, and no
    /// length can exceed the document's.
    static let maximumSize = JSONTapeRecord.maximumLength

    /// Parses `bytes` with the same strict grammar and errors as `JSONParser`; a repeated member name is kept on the
    /// tape and lookups find its last value, as Python does, unless `rejectingRepeatedNames` makes it an error.
    convenience init(bytes: [UInt8], rejectingRepeatedNames: Bool = false) throws(JSONParseError) {
        try self.init(bytes: bytes, depthLimit: JSONScanner.maximumDepth, rejectingRepeatedNames: rejectingRepeatedNames)
    }

    /// Parses `bytes` as `init(bytes:)` does, allowing nesting `depthLimit` deep; with `rejectingRepeatedNames`, a
    /// member name repeated within one object is an error at the repetition.
    init(bytes: [UInt8], depthLimit: Int, rejectingRepeatedNames: Bool = false) throws(JSONParseError) {
        guard bytes.count <= Self.maximumSize else {
            throw JSONParseError(line: 1, column: 1, message: "document of \(bytes.count) bytes is larger than the 512 MiB limit; split it")
        }
        var builder = JSONTapeBuilder(byteCount: bytes.count, rejectsRepeatedNames: rejectingRepeatedNames)
        let scanned = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try JSONScanner.scan(buffer, into: &builder, depthLimit: depthLimit) }
        }
        if case .failure(let error) = scanned {
            builder.discard()
            throw error
        }
        self.bytes = bytes
        isPythonLayout = builder.isPythonLayout
        tape = builder.finish()
    }

    deinit {
        free(UnsafeMutableRawPointer(mutating: tape.baseAddress))
    }

    /// Parses UTF-8 text (see `init(bytes:)`).
    convenience init(_ text: String) throws(JSONParseError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// A document holding `value`, so code that reads documents can read a value built in memory.
    ///
    /// A tree can nest a few levels deeper than any one parse allowed (a reply wrapped in a store entry), so four times
    /// the parser's depth is accepted; a value nested deeper, or larger than the 512 MiB document limit, is an error.
    convenience init(_ value: JSONValue) throws(JSONParseError) {
        try self.init(bytes: JSONWriter.compact(value), depthLimit: 4 * JSONScanner.maximumDepth)
    }

    /// The document's top-level value.
    var root: JSONElement { JSONElement(document: self, index: 0) }

    /// Calls `body` with the document's bytes.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes(body)
    }

    /// Where the value of the root object's member at tape `index` lies in the bytes when that text is exactly what
    /// Python's `json.dumps(…, indent=2, sort_keys=True)` writes for it one level deep, else nil; `index` must be
    /// the value of one of the root object's members.
    func pythonText(ofRootMemberAt index: Int) -> Range<Int>? {
        guard isPythonLayout, index >= 2, tape[0].kind == .object else { return nil }
        let name = tape[index - 1]
        // The layout puts `": "` after the name's closing quote, and `,\n  "` or `\n}` after the value.
        let start = name.start + name.length + 3
        let next = tape[index].next(from: index)
        var end = next < tape.count ? tape[next].start - 5 : bytes.count
        if next >= tape.count {
            while end > 0, bytes[end - 1] != UInt8(ascii: "}") { end -= 1 }
            end -= 2
        }
        guard start < end, end <= bytes.count else { return nil }
        return hasPythonStrings(start..<end) ? start..<end : nil
    }

    /// True when every string in `range` is escaped as Python's `json.dumps` escapes it with `ensure_ascii`: no raw
    /// byte from 0x7F up, `\uXXXX` in lower case and only where no shorter form exists, and never `\/`.
    private func hasPythonStrings(_ range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            var index = range.lowerBound
            while index < range.upperBound {
                // Outside strings JSON has neither backslashes nor such bytes, so the text is searched whole, a word at a time.
                if index + 8 <= range.upperBound {
                    // Safe: the loop's guard leaves eight bytes inside `range`, itself inside the bytes.
                    let word = UnsafeRawPointer(all.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    let highOrDelete = (word | ((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080
                    let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                    let hasBackslash = (slashes &- 0x0101_0101_0101_0101) & ~slashes & 0x8080_8080_8080_8080
                    if highOrDelete == 0, hasBackslash == 0 {
                        index += 8
                        continue
                    }
                }
                let byte = all[index]
                guard byte < 0x7F else { return false }
                guard byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                // Safe past the loop's bound: the document was validated, so a backslash is always followed by its
                // escape, and a `u` by four hex digits, all inside the string and so inside `range`.
                switch all[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    var value = 0
                    for digit in all[(index + 2)..<(index + 6)] {
                        switch digit {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | Int(digit - UInt8(ascii: "0"))
                        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | Int(digit - UInt8(ascii: "a") + 10)
                        default: return false
                        }
                    }
                    if (0x20...0x7E).contains(value) || [0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(value) { return false }
                    index += 6
                default:
                    return false
                }
            }
            return true
        }
    }

    /// Calls `body` with the decoded UTF-8 bytes of the string or member name at tape `index`.
    func withStringBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let record = tape[index]
        return bytes.withUnsafeBufferPointer { all in
            guard record.kind == .escapedString else {
                return body(UnsafeBufferPointer(rebasing: all[record.start..<record.start + record.length]))
            }
            // Decoding reruns the parser's own string scanner from the opening quote; the bytes are known valid.
            var scanner = JSONScanner(base: UnsafeRawPointer(all.baseAddress!), count: all.count, offset: record.start - 1)
            _ = try? scanner.scanString()
            return scanner.unescaped.withUnsafeBufferPointer(body)
        }
    }
}
