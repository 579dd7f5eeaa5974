/// Writes JSON byte-for-byte as Python's `json.dumps(value, indent=2, sort_keys=True)` does, numbers as their text.
enum PrettyJSONEncoder {
    /// Appends `value` as it appears at nesting `depth`; recursion follows the value's nesting, which the parser bounds.
    static func append(_ value: JSONValue, depth: Int, to buffer: inout JSONByteBuffer) {
        switch value {
        case .null: buffer.append("null")
        case .bool(let flag): buffer.append(flag ? "true" : "false")
        case .number(let number): buffer.append(utf8: number.text)
        case .string(let string): buffer.appendQuoted(string, escapingNonASCII: true)
        case .array(let array):
            guard !array.isEmpty else { return buffer.append("[]") }
            buffer.append(UInt8(ascii: "["))
            array.withUnsafeBufferPointer { elements in
                for position in elements.indices {
                    if position > 0 { buffer.append(UInt8(ascii: ",")) }
                    buffer.appendNewline(indentedTo: depth + 1)
                    append(elements[position], depth: depth + 1, to: &buffer)
                }
            }
            buffer.appendNewline(indentedTo: depth)
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { return buffer.append("{}") }
            buffer.append(UInt8(ascii: "{"))
            object.keys.withUnsafeBufferPointer { keys in
                object.values.withUnsafeBufferPointer { values in
                    if let order = codePointOrder(keys) {
                        for (position, member) in order.enumerated() {
                            appendMember(keys[member], values[member], isFirst: position == 0, depth: depth + 1, to: &buffer)
                        }
                    } else {
                        for member in keys.indices {
                            appendMember(keys[member], values[member], isFirst: member == 0, depth: depth + 1, to: &buffer)
                        }
                    }
                }
            }
            buffer.appendNewline(indentedTo: depth)
            buffer.append(UInt8(ascii: "}"))
        }
    }

    private static func appendMember(_ key: String, _ value: JSONValue, isFirst: Bool, depth: Int, to buffer: inout JSONByteBuffer) {
        if !isFirst { buffer.append(UInt8(ascii: ",")) }
        buffer.appendNewline(indentedTo: depth)
        buffer.appendQuoted(key, escapingNonASCII: true)
        buffer.append(": ")
        append(value, depth: depth, to: &buffer)
    }

    /// Member positions in Unicode code point order of their names (Python's `sorted` on `str`, which is UTF-8
    /// byte order, unlike Swift `String` ordering), or nil when the members are already in that order.
    private static func codePointOrder(_ keys: UnsafeBufferPointer<String>) -> [Int]? {
        let precedes = JSONMemberOrder.python.precedes as (String, String) -> Bool
        guard keys.indices.dropFirst().contains(where: { !precedes(keys[$0 - 1], keys[$0]) }) else { return nil }
        return keys.indices.sorted { precedes(keys[$0], keys[$1]) }
    }
}
