/// Writes JSON with no whitespace and minimal string escapes: the compact form and, with members sorted by
/// UTF-16 code units and ECMAScript numbers, the RFC 8785 canonical form.
enum CompactJSONEncoder {
    /// Appends `value`; members follow document order unless `sortingKeysByUTF16`, and `number` writes numbers.
    /// Recursion follows the value's nesting, which the parser bounds.
    static func append<Failure: Error>(
        _ value: JSONValue,
        sortingKeysByUTF16: Bool,
        number: (JSONNumber, inout JSONByteBuffer) throws(Failure) -> Void,
        to buffer: inout JSONByteBuffer
    ) throws(Failure) {
        switch value {
        case .null: buffer.append("null")
        case .bool(let flag): buffer.append(flag ? "true" : "false")
        case .number(let value): try number(value, &buffer)
        case .string(let string): buffer.appendQuoted(string, escapingNonASCII: false)
        case .array(let array):
            buffer.append(UInt8(ascii: "["))
            for (position, element) in array.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                try append(element, sortingKeysByUTF16: sortingKeysByUTF16, number: number, to: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let object):
            buffer.append(UInt8(ascii: "{"))
            let keys = object.keys
            let order = sortingKeysByUTF16
                ? keys.indices.sorted { JSONMemberOrder.rfc8785.precedes(keys[$0], keys[$1]) }
                : Array(keys.indices)
            for (position, member) in order.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendQuoted(keys[member], escapingNonASCII: false)
                buffer.append(UInt8(ascii: ":"))
                try append(object.values[member], sortingKeysByUTF16: sortingKeysByUTF16, number: number, to: &buffer)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }
}
