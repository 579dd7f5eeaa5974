/// An RFC 6901 JSON pointer, such as `/signature/parameters/0/name`.
struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    private(set) var tokens: [String]

    /// The pointer to the whole document (written as the empty string).
    static let root = JSONPointer(tokens: [])

    /// A pointer from unescaped tokens.
    init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text (`""` or `/a/b~1c`), or a URI fragment (`#/a/b%20c`); nil when malformed.
    init?(parsing text: String) {
        var text = Substring(text)
        if text.hasPrefix("#") {
            text = text.dropFirst()
            guard let decoded = Self.percentDecoded(text) else { return nil }
            text = Substring(decoded)
        }
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = Self.unescaped(raw) else { return nil }
            parsed.append(token)
        }
        tokens = parsed
    }

    /// This pointer extended by one object member name.
    func appending(_ key: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [key])
    }

    /// This pointer extended by one array index.
    func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    /// The pointer text, with `~` and `/` escaped as `~0` and `~1`.
    var description: String {
        var text = ""
        for token in tokens {
            text.append("/")
            for character in token.unicodeScalars {
                switch character {
                case "~": text.append("~0")
                case "/": text.append("~1")
                default: text.unicodeScalars.append(character)
                }
            }
        }
        return text
    }

    /// The value this pointer designates inside `document`, or nil when there is none.
    func resolve(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let array):
                guard let index = Self.arrayIndex(token), index < array.count else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token == "0" || !token.hasPrefix("0"),
              token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(token)
    }

    private static func unescaped(_ raw: Substring) -> String? {
        guard raw.contains("~") else { return String(raw) }
        var result = ""
        var iterator = raw.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "~" {
                switch iterator.next() {
                case "0": result.append("~")
                case "1": result.append("/")
                default: return nil
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2,
                      let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
