/// The strict RFC 8259 grammar and lexer shared by `JSONParser` and `JSONDocument`: it validates every byte once,
/// reports the first bad one by line and column, and hands each value to a `JSONTreeBuilder`.
struct JSONScanner {
    /// The deepest nesting of arrays and objects accepted; deeper input is an error rather than a stack overflow.
    static let maximumDepth = 512

    let base: UnsafeRawPointer
    let count: Int
    var offset = 0
    /// The nesting limit this scanner enforces.
    var depthLimit = maximumDepth
    // The blanks after the last `,` of a container, for builders that check the layout.
    private var afterComma = 0..<0
    /// The decoded bytes of the last string scanned, when it held escapes.
    private(set) var unescaped: [UInt8] = []

    /// A scanner over `count` bytes at `base`, positioned at `offset`.
    init(base: UnsafeRawPointer, count: Int, offset: Int = 0) {
        self.base = base
        self.count = count
        self.offset = offset
    }

    /// Scans one complete document into `builder`, throwing at its first invalid byte.
    static func scan<Builder: JSONTreeBuilder>(
        _ bytes: UnsafeRawBufferPointer, into builder: inout Builder, depthLimit: Int = maximumDepth
    ) throws(JSONParseError) -> Builder.Value {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONParseError(line: 1, column: 1, message: "empty input; expected a JSON value")
        }
        var scanner = JSONScanner(base: base, count: bytes.count)
        scanner.depthLimit = depthLimit
        return try scanner.scanDocument(into: &builder)
    }

    // MARK: - Grammar

    private mutating func scanDocument<Builder: JSONTreeBuilder>(into builder: inout Builder) throws(JSONParseError) -> Builder.Value {
        if count >= 3, byte(0) == 0xEF, byte(1) == 0xBB, byte(2) == 0xBF {
            throw failure("input starts with a UTF-8 byte order mark (BOM), which JSON forbids; save the file without it", at: 0)
        }
        skipWhitespace()
        let value = try scanValue(depth: 0, into: &builder)
        skipWhitespace()
        if offset < count {
            throw failure("unexpected \(describe(offset)) after the JSON value; a document holds exactly one value", at: offset)
        }
        return value
    }

    private mutating func scanValue<Builder: JSONTreeBuilder>(depth: Int, into builder: inout Builder) throws(JSONParseError) -> Builder.Value {
        guard offset < count else { throw failure("unexpected end of input, expected a JSON value", at: count) }
        switch byte(offset) {
        case UInt8(ascii: "\""):
            let start = offset + 1
            let hasEscapes = try scanString()
            return builder.string(start..<(offset - 1), hasEscapes: hasEscapes, scanner: self)
        case UInt8(ascii: "{"): return try scanObject(depth: depth, into: &builder)
        case UInt8(ascii: "["): return try scanArray(depth: depth, into: &builder)
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return builder.bool(true, at: offset - 4)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return builder.bool(false, at: offset - 5)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return builder.null(at: offset - 4)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = offset
            try scanNumber()
            return builder.number(start..<offset, scanner: self)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure("expected a JSON value, found \(describe(offset)); NaN and Infinity are not valid JSON", at: offset)
        default:
            throw failure("expected a JSON value, found \(describe(offset))", at: offset)
        }
    }

    private mutating func scanArray<Builder: JSONTreeBuilder>(depth: Int, into builder: inout Builder) throws(JSONParseError) -> Builder.Value {
        let mark = builder.beginArray(at: offset)
        if try enterIsEmpty(depth: depth, closing: UInt8(ascii: "]"), into: &builder) { return builder.endArray(mark, count: 0) }
        var elements = 0
        while true {
            let element = try scanValue(depth: depth + 1, into: &builder)
            builder.appendElement(element)
            elements += 1
            let end = offset
            skipWhitespace()
            let finished = try continues(closing: UInt8(ascii: "]"), after: "array element", inside: "array")
            if Builder.checksLayout { checkItemEnd(end, finished: finished, depth: depth, into: &builder) }
            if finished { break }
        }
        return builder.endArray(mark, count: elements)
    }

    private mutating func scanObject<Builder: JSONTreeBuilder>(depth: Int, into builder: inout Builder) throws(JSONParseError) -> Builder.Value {
        let mark = builder.beginObject(at: offset)
        if try enterIsEmpty(depth: depth, closing: UInt8(ascii: "}"), into: &builder) { return try builder.endObject(mark, count: 0, scanner: self) }
        var members = 0
        while true {
            guard offset < count, byte(offset) == UInt8(ascii: "\"") else {
                throw mismatch(expected: "a string member name", inside: "object")
            }
            let keyOffset = offset
            let hasEscapes = try scanString()
            let key = builder.key((keyOffset + 1)..<(offset - 1), hasEscapes: hasEscapes, scanner: self)
            let afterKey = offset
            skipWhitespace()
            guard offset < count, byte(offset) == UInt8(ascii: ":") else {
                throw mismatch(expected: "':' after member name", inside: "object")
            }
            offset += 1
            // Python writes `"name": value`: nothing before the colon, one space after it.
            if Builder.checksLayout, offset != afterKey + 1 || offset >= count || byte(offset) != 0x20 { builder.layoutDiffers() }
            skipWhitespace()
            if Builder.checksLayout, offset != afterKey + 2 { builder.layoutDiffers() }
            let value = try scanValue(depth: depth + 1, into: &builder)
            builder.appendMember(key, value, keyOffset: keyOffset)
            members += 1
            let end = offset
            skipWhitespace()
            let finished = try continues(closing: UInt8(ascii: "}"), after: "object member", inside: "object")
            if Builder.checksLayout { checkItemEnd(end, finished: finished, depth: depth, into: &builder) }
            if finished { break }
        }
        return try builder.endObject(mark, count: members, scanner: self)
    }

    /// Consumes an opening bracket after checking the nesting limit, and its `closing` bracket too when the container
    /// is empty; true then.
    private mutating func enterIsEmpty<Builder: JSONTreeBuilder>(depth: Int, closing: UInt8, into builder: inout Builder) throws(JSONParseError) -> Bool {
        guard depth < depthLimit else {
            throw failure("arrays and objects nested deeper than \(depthLimit) levels", at: offset)
        }
        offset += 1
        let start = offset
        skipWhitespace()
        guard offset < count, byte(offset) == closing else {
            if Builder.checksLayout, !isIndent(start..<offset, depth: depth + 1) { builder.layoutDiffers() }
            return false
        }
        // Python writes an empty container as `[]` or `{}`.
        if Builder.checksLayout, offset != start { builder.layoutDiffers() }
        offset += 1
        return true
    }

    // Python ends an item with `,` and the next item's indent, or with the closing bracket on a line of its own.
    private func checkItemEnd<Builder: JSONTreeBuilder>(_ end: Int, finished: Bool, depth: Int, into builder: inout Builder) {
        let fits = finished
            ? isIndent(end..<(offset - 1), depth: depth)
            : afterComma.lowerBound == end + 1 && isIndent(afterComma, depth: depth + 1)
        if !fits { builder.layoutDiffers() }
    }

    /// True when `run` is a newline and `depth` levels of two-space indent.
    private func isIndent(_ run: Range<Int>, depth: Int) -> Bool {
        guard run.count == 1 + 2 * depth, byte(run.lowerBound) == 0x0A else { return false }
        var index = run.lowerBound + 1
        while index < run.upperBound {
            if byte(index) != 0x20 { return false }
            index += 1
        }
        return true
    }

    /// Consumes the `,` or closing bracket after a container item; true when the container is finished.
    private mutating func continues(closing: UInt8, after item: String, inside container: String) throws(JSONParseError) -> Bool {
        guard offset < count else {
            throw mismatch(expected: "',' or '\(Character(Unicode.Scalar(closing)))' after \(item)", inside: container)
        }
        switch byte(offset) {
        case closing:
            offset += 1
            return true
        case UInt8(ascii: ","):
            offset += 1
            let start = offset
            skipWhitespace()
            afterComma = start..<offset
            if offset < count, byte(offset) == closing {
                throw failure("trailing comma before \(describe(offset)); remove the comma", at: offset)
            }
            return false
        default:
            throw mismatch(expected: "',' or '\(Character(Unicode.Scalar(closing)))' after \(item)", inside: container)
        }
    }

    private mutating func scanLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount {
            guard offset < count, byte(offset) == expected[index] else {
                throw mismatch(expected: "'\(literal)'", inside: nil)
            }
            offset += 1
        }
    }

    private mutating func scanNumber() throws(JSONParseError) {
        if byte(offset) == UInt8(ascii: "-") { offset += 1 }
        if offset < count, byte(offset) == UInt8(ascii: "0") {
            offset += 1
            if offset < count, isDigit(byte(offset)) {
                throw failure("number has a leading zero before \(describe(offset)); write it without leading zeros", at: offset)
            }
        } else {
            try skipDigits(after: "'-'")
        }
        if offset < count, byte(offset) == UInt8(ascii: ".") {
            offset += 1
            try skipDigits(after: "'.'")
        }
        if offset < count, byte(offset) | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < count, byte(offset) == UInt8(ascii: "+") || byte(offset) == UInt8(ascii: "-") { offset += 1 }
            try skipDigits(after: "the exponent mark")
        }
    }

    /// Consumes one or more digits, which must follow `what` in a number.
    private mutating func skipDigits(after what: String) throws(JSONParseError) {
        guard offset < count, isDigit(byte(offset)) else {
            throw mismatch(expected: "a digit after \(what) in number", inside: "number")
        }
        offset += 1
        while offset < count, isDigit(byte(offset)) { offset += 1 }
    }

    /// The bytes from `range` of the input, as a string.
    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count), as: UTF8.self)
    }

    /// The string whose content spans `range` and was just scanned: source bytes, or the decoded ones with escapes.
    func string(_ range: Range<Int>, hasEscapes: Bool) -> String {
        hasEscapes ? String(decoding: unescaped, as: UTF8.self) : text(range)
    }

    // MARK: - Strings

    /// Consumes the string starting at the opening quote at `offset`; true when it held escapes, whose decoded
    /// content is then in `unescaped`.
    mutating func scanString() throws(JSONParseError) -> Bool {
        let start = offset + 1
        var index = start
        var runStart = start
        var hasEscapes = false
        while index < count {
            let current = byte(index)
            if current >= 0x20, current < 0x80, current != UInt8(ascii: "\""), current != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            switch current {
            case UInt8(ascii: "\""):
                offset = index + 1
                if hasEscapes { unescaped.append(contentsOf: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart)) }
                return hasEscapes
            case UInt8(ascii: "\\"):
                if !hasEscapes {
                    hasEscapes = true
                    unescaped.removeAll(keepingCapacity: true)
                }
                unescaped.append(contentsOf: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                index = try unescape(at: index)
                runStart = index
            case 0x80...:
                guard let length = utf8SequenceLength(at: index) else {
                    throw failure("invalid UTF-8 in string at \(describe(index)); save the file as UTF-8", at: index)
                }
                index += length
            default:
                throw failure("\(describe(index)) must be escaped inside a string", at: index)
            }
        }
        throw failure("unexpected end of input inside string", at: count)
    }

    /// Appends the character written by the escape at `backslash` and returns the index after it.
    private mutating func unescape(at backslash: Int) throws(JSONParseError) -> Int {
        let letter = backslash + 1
        guard letter < count else { throw failure("unexpected end of input inside string", at: count) }
        let simple: UInt8
        switch byte(letter) {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            return try unescapeUnicode(at: backslash)
        default:
            throw failure("invalid escape '\\' followed by \(describe(letter)) in string; "
                + "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: letter)
        }
        unescaped.append(simple)
        return letter + 1
    }

    /// Decodes `\uXXXX`, joining a surrogate pair written as two escapes; a lone surrogate is an error.
    private mutating func unescapeUnicode(at backslash: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: backslash + 2)
        var next = backslash + 6
        var scalar = unit
        switch unit {
        case 0xD800...0xDBFF:
            for (index, expected) in [(next, UInt8(ascii: "\\")), (next + 1, UInt8(ascii: "u"))] {
                guard index < count else { throw failure("unexpected end of input inside string", at: count) }
                guard byte(index) == expected else { throw loneSurrogate(unit, at: backslash) }
            }
            let low = try hexQuad(at: next + 2)
            guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: backslash) }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(unit, at: backslash)
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    private func hexQuad(at start: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for index in start..<(start + 4) {
            guard index < count else { throw failure("unexpected end of input inside string", at: count) }
            let digit: UInt8
            switch byte(index) {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte(index) - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte(index) - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte(index) - UInt8(ascii: "A") + 10
            default:
                throw failure("invalid \\u escape: expected 4 hex digits, found \(describe(index))", at: index)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private func loneSurrogate(_ unit: UInt32, at position: Int) -> JSONParseError {
        failure("lone surrogate \\u\(String(unit, radix: 16, uppercase: true)) in string; "
            + "a surrogate escape must be a high \\uD800-\\uDBFF followed by a low \\uDC00-\\uDFFF", at: position)
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            unescaped.append(UInt8(scalar))
        case ..<0x800:
            unescaped.append(UInt8(0xC0 | scalar >> 6))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            unescaped.append(UInt8(0xE0 | scalar >> 12))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        default:
            unescaped.append(UInt8(0xF0 | scalar >> 18))
            unescaped.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            unescaped.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (Unicode Table 3-7), or nil.
    private func utf8SequenceLength(at index: Int) -> Int? {
        let lead = byte(index)
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: return nil
        }
        guard index + length <= count, secondRange.contains(byte(index + 1)) else { return nil }
        for continuation in (index + 2)..<(index + length) where byte(continuation) & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    // MARK: - Bytes and errors

    @inline(__always)
    private func byte(_ index: Int) -> UInt8 {
        base.load(fromByteOffset: index, as: UInt8.self)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private mutating func skipWhitespace() {
        while offset < count {
            switch byte(offset) {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// An error for a byte that is not `expected` at the current offset (or for the input ending there).
    private func mismatch(expected: String, inside container: String?) -> JSONParseError {
        guard offset < count else {
            let place = container.map { " inside \($0)" } ?? ""
            return failure("unexpected end of input\(place), expected \(expected)", at: count)
        }
        return failure("expected \(expected), found \(describe(offset))", at: offset)
    }

    /// The input at `index` as a message quotes it: `'x'`, `control character U+0009`, or `byte 0xFF`.
    private func describe(_ index: Int) -> String {
        guard index < count else { return "end of input" }
        let current = byte(index)
        switch current {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(current)))'"
        case 0x20: return "' '"
        case ..<0x20, 0x7F: return "control character U+\(hex4(UInt32(current)))"
        default:
            guard let length = utf8SequenceLength(at: index) else { return "byte 0x\(String(current, radix: 16, uppercase: true))" }
            return "'\(String(decoding: UnsafeRawBufferPointer(start: base + index, count: length), as: UTF8.self))'"
        }
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// An error at byte `position`, located by line and code-point column.
    func failure(_ message: String, at position: Int) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for index in 0..<position where byte(index) == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        // Bytes before the error are well-formed UTF-8, so counting non-continuation bytes counts code points.
        for index in lineStart..<position where byte(index) & 0xC0 != 0x80 {
            column += 1
        }
        return JSONParseError(line: line, column: column, message: message)
    }
}
