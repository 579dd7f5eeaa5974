/// Serialises JSON values to UTF-8 bytes in liftrec's three forms: compact, RFC 8785 canonical, and Python-pretty.
enum JSONWriter {
    /// No whitespace, members in document order, numbers as their text, minimal escapes, non-ASCII as raw UTF-8.
    static func compact(_ value: JSONValue) -> [UInt8] {
        var buffer = JSONByteBuffer()
        CompactJSONEncoder.append(value, sortingKeysByUTF16: false, number: { number, buffer in
            buffer.append(utf8: number.text)
        }, to: &buffer)
        return buffer.finish()
    }

    /// The RFC 8785 (JCS) form: members sorted by UTF-16 code units, numbers as ECMAScript prints their nearest
    /// double, minimal escapes; fails for a number beyond the range of a double.
    static func canonical(_ value: JSONValue) throws(JSONCanonicalError) -> [UInt8] {
        var buffer = JSONByteBuffer()
        try CompactJSONEncoder.append(value, sortingKeysByUTF16: true, number: { (number, buffer) throws(JSONCanonicalError) in
            buffer.append(utf8: try ECMAScriptNumberFormatter.text(of: number))
        }, to: &buffer)
        return buffer.finish()
    }

    /// `canonical(_:)` of the value `element` holds, written from the document's bytes without building the value.
    static func canonical(_ element: JSONElement) throws(JSONCanonicalError) -> [UInt8] {
        var buffer = JSONByteBuffer()
        try CanonicalJSONDocumentEncoder.append(element, to: &buffer)
        return buffer.finish()
    }

    /// Exactly what Python's `json.dumps(value, indent=2, sort_keys=True)` writes (no trailing newline), given
    /// numbers whose text is as Python prints them: number text is written unchanged.
    static func pretty(_ value: JSONValue) -> [UInt8] {
        var buffer = JSONByteBuffer(capacity: 1 << 16)
        PrettyJSONEncoder.append(value, depth: 0, to: &buffer)
        return buffer.finish()
    }

    /// `pretty(_:)` of the value `element` holds, written from the document's bytes without building the value.
    static func pretty(_ element: JSONElement) -> [UInt8] {
        var buffer = JSONByteBuffer(capacity: max(1 << 16, element.document.bytes.count + element.document.bytes.count / 4))
        PrettyJSONDocumentEncoder.append(element, to: &buffer)
        return buffer.finish()
    }
}
