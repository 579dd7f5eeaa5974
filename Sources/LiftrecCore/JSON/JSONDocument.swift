import Glibc

/// A parsed JSON document kept as its own bytes plus one contiguous tape of value records, so reading a large
/// file allocates a few buffers instead of a tree of values; strings are decoded only when asked for.
///
/// Immutable once parsed; it owns its tape's memory, which is why it is `@unchecked Sendable`.
public final class JSONDocument: @unchecked Sendable {
    /// The document's UTF-8 bytes, exactly as given.
    let bytes: [UInt8]
    /// One record per value and member name, in document order.
    let tape: UnsafeBufferPointer<JSONTapeRecord>

    /// The largest document in bytes: lengths share 32 bits with the kind, which keeps each record at 8 bytes, and no
    /// length can exceed the document's.
    public static let maximumSize = JSONTapeRecord.maximumLength

    /// Parses `bytes` with the same strict grammar and errors as `JSONParser`; a repeated member name is kept on the
    /// tape and lookups find its last value, as Python does, unless `rejectingRepeatedNames` makes it an error.
    public convenience init(bytes: [UInt8], rejectingRepeatedNames: Bool = false) throws(JSONParseError) {
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
        tape = builder.finish()
    }

    deinit {
        free(UnsafeMutableRawPointer(mutating: tape.baseAddress))
    }

    /// Parses UTF-8 text (see `init(bytes:)`).
    public convenience init(_ text: String) throws(JSONParseError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// A document holding `value`, so code that reads documents can read a value built in memory.
    ///
    /// A tree can nest a few levels deeper than any one parse allowed (a reply wrapped in a store entry), so four times
    /// the parser's depth is accepted; a value beyond the 512 MiB document limit, which no bounded input yields, reads
    /// as `null`.
    public convenience init(_ value: JSONValue) {
        let compact = JSONWriter.compact(value)
        do {
            try self.init(bytes: compact, depthLimit: 4 * JSONScanner.maximumDepth)
        } catch {
            try! self.init(bytes: Array("null".utf8))
        }
    }

    /// The document's top-level value.
    public var root: JSONElement { JSONElement(document: self, index: 0) }

    /// Calls `body` with the document's bytes.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes(body)
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
