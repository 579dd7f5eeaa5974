import Glibc
@testable import LiftrecCore

/// Parses trusted JSON test literals; traps on malformed input, which only a broken test can contain.
func json(_ text: String) -> JSONValue {
    var parser = TestJSONParser(bytes: Array(text.utf8))
    let value = parser.value()
    parser.skipSpace()
    precondition(parser.position == parser.bytes.count, "trailing text in test JSON")
    return value
}

/// The contents of a file under Tests/Fixtures, parsed.
func fixture(_ name: String) -> JSONValue {
    let directory = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/"))
    let path = directory + "/Fixtures/" + name
    guard let file = fopen(path, "rb") else { preconditionFailure("cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[..<count]
    }
    return json(String(decoding: bytes, as: UTF8.self))
}

private struct TestJSONParser {
    let bytes: [UInt8]
    var position = 0

    mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
    }

    mutating func expect(_ byte: UInt8) {
        skipSpace()
        precondition(bytes[position] == byte, "expected \(UnicodeScalar(byte)) in test JSON")
        position += 1
    }

    mutating func value() -> JSONValue {
        skipSpace()
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(JSONObject()) }
            repeat {
                skipSpace()
                let key = string()
                expect(UInt8(ascii: ":"))
                members.append((key, value()))
                skipSpace()
                position += 1
            } while bytes[position - 1] == UInt8(ascii: ",")
            return .object(JSONObject(members))
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array([]) }
            repeat {
                items.append(value())
                skipSpace()
                position += 1
            } while bytes[position - 1] == UInt8(ascii: ",")
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(string())
        case UInt8(ascii: "t"): position += 4; return .bool(true)
        case UInt8(ascii: "f"): position += 5; return .bool(false)
        case UInt8(ascii: "n"): position += 4; return .null
        default:
            let start = position
            while position < bytes.count, "+-.eE0123456789".utf8.contains(bytes[position]) { position += 1 }
            return .number(JSONNumber(text: String(decoding: bytes[start..<position], as: UTF8.self)))
        }
    }

    mutating func string() -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
            raw.removeAll()
        }
        while bytes[position] != UInt8(ascii: "\"") {
            if bytes[position] == UInt8(ascii: "\\") {
                flush()
                position += 1
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "u"):
                    var unit = hex4()
                    if (0xD800...0xDBFF).contains(unit) {
                        position += 2
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (hex4() - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
            } else {
                raw.append(bytes[position])
                position += 1
            }
        }
        flush()
        position += 1
        return String(scalars)
    }

    mutating func hex4() -> UInt32 {
        let text = String(decoding: bytes[position..<position + 4], as: UTF8.self)
        position += 4
        return UInt32(text, radix: 16) ?? 0xFFFD
    }
}
