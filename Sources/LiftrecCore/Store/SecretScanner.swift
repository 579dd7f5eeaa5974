/// Finds credentials in stored JSON: Modal tokens, today's API key shapes (OpenAI, Anthropic, Google, GitHub, AWS,
/// bearer JWTs), `Authorization`/`Bearer` credentials, URLs with a password, and the literal values of `MODAL_KEY`,
/// `MODAL_SECRET` and every variable a suite's `auth_env` names.
///
/// Each key shape has a word boundary before it and a minimum length, because prompts are prose.
///
/// Each string and member name is read in one pass over its UTF-8 bytes with no regex engine and no allocation
/// unless something matches, so scanning a whole store costs about as much as reading it.
struct SecretScanner: Sendable {
    /// Which kind of credential matched.
    enum Rule: String, Sendable, CaseIterable {
        /// `wk-` or `ws-` followed by at least 8 letters or digits, as Modal-Key and Modal-Secret values look.
        case modalToken = "modal_token"
        /// `Authorization: <credential>` or `Bearer <token>`.
        case authorization
        /// A URL whose userinfo carries a password (`scheme://user:pass@host`).
        case urlCredentials = "url_credentials"
        /// The value of the `MODAL_KEY` environment variable.
        case modalKeyValue = "modal_key_value"
        /// The value of the `MODAL_SECRET` environment variable.
        case modalSecretValue = "modal_secret_value"
        /// An OpenAI key: `sk-`, `sk-proj-` or `sk-svcacct-` and at least 20 key characters.
        case openAIKey = "openai_key"
        /// An Anthropic key: `sk-ant-` and at least 20 key characters.
        case anthropicKey = "anthropic_key"
        /// A Google API key: `AIza` and 35 key characters.
        case googleKey = "google_key"
        /// A GitHub token: `ghp_` and 36 letters or digits, or `github_pat_` and at least 40 key characters.
        case githubToken = "github_token"
        /// An AWS access key id: `AKIA` and 16 upper-case letters or digits.
        case awsAccessKey = "aws_access_key"
        /// A JSON Web Token: three base64url parts, the first `eyJ`.
        case jwt
        /// The value of a variable a suite's `auth_env` names (or the default key variables of the chat protocols).
        case authEnvValue = "auth_env_value"

        /// What the rule looks for, phrased for a message.
        var summary: String {
            switch self {
            case .modalToken: return "a Modal token (wk-… or ws-…)"
            case .authorization: return "an Authorization or Bearer credential"
            case .urlCredentials: return "a URL with a user name and password"
            case .modalKeyValue: return "the value of MODAL_KEY"
            case .modalSecretValue: return "the value of MODAL_SECRET"
            case .openAIKey: return "an OpenAI API key (sk-…)"
            case .anthropicKey: return "an Anthropic API key (sk-ant-…)"
            case .googleKey: return "a Google API key (AIza…)"
            case .githubToken: return "a GitHub token (ghp_… or github_pat_…)"
            case .awsAccessKey: return "an AWS access key id (AKIA…)"
            case .jwt: return "a JSON Web Token (eyJ…)"
            case .authEnvValue: return "the value of an auth_env variable"
            }
        }
    }

    /// One match: where it is inside the scanned value and which rule found it.
    struct Finding: Sendable, Equatable {
        /// The string holding the secret, or the object one of whose member names holds it.
        let pointer: JSONPointer
        /// True when a member name of the object at `pointer`, not a string value, holds the secret.
        let inMemberName: Bool
        /// The rule that matched.
        let rule: Rule
    }

    private let literals: [(rule: Rule, bytes: [UInt8])]
    // The bytes a credential can start with, as a 256-entry table, so the search steps over every other byte at once.
    private let starts: [Bool]
    // The two-byte openings a credential can have, one bit each: `s` and `e` start most English words, `sk` and `ey` few.
    private let pairs: [UInt64]

    /// A scanner that also looks for the current values of `MODAL_KEY` and `MODAL_SECRET` in `variables`, and of
    /// each variable in `keyVariables` (the suites' `auth_env`).
    init(variables: [String: String], keyVariables: Set<String> = []) {
        let named = [(Rule.modalKeyValue, "MODAL_KEY"), (.modalSecretValue, "MODAL_SECRET")]
            + keyVariables.subtracting(["MODAL_KEY", "MODAL_SECRET"]).sorted().map { (Rule.authEnvValue, $0) }
        literals = named.compactMap { rule, name in
            guard let value = variables[name], !value.isEmpty else { return nil }
            return (rule, Array(value.utf8))
        }
        var starts = [Bool](repeating: false, count: 256)
        for byte in "wAaBbsge:".utf8 { starts[Int(byte)] = true }
        for literal in literals { starts[Int(literal.bytes[0])] = true }
        self.starts = starts
        var pairs = [UInt64](repeating: 0, count: 1024)
        func allow(_ first: UInt8, _ seconds: some Sequence<UInt8>) {
            for second in seconds {
                let pair = Int(first) << 8 | Int(second)
                pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            }
        }
        for opening in ["wk", "ws", "sk", "gh", "gi", "ey", "AI", "AK", "Au", "AU", "au", "aU", "be", "bE", "Be", "BE", ":/"] {
            let bytes = Array(opening.utf8)
            allow(bytes[0], bytes[1...])
        }
        for literal in literals {
            allow(literal.bytes[0], literal.bytes.count > 1 ? Array(literal.bytes[1...1]) : Array(0...255))
        }
        self.pairs = pairs
    }

    /// Every secret in `element`, in document order, read in place; a repeated member name is searched each time it
    /// appears, because the file holds every copy.
    ///
    /// A member whose name holds a secret is reported once and its value is not searched, because every pointer
    /// into that value would spell out the secret.
    func scan(_ element: JSONElement) -> [Finding] {
        var findings: [Finding] = []
        var path: [PathStep] = []
        let document = element.document
        // Buffer pointers for the whole walk: reaching through the document for every value would retain and release
        // its bytes millions of times on a large store.
        document.bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in
                pairs.withUnsafeBufferPointer { pairs in
                    let walk = Walk(tape: document.tape, bytes: bytes, starts: starts, pairs: pairs)
                    walk.scan(element.index, scanner: self, path: &path, into: &findings)
                }
            }
        }
        return findings
    }

    /// The first rule that matches somewhere in `text`, or nil.
    func firstMatch(in text: String) -> Rule? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ match($0) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { match($0) }
    }

    private enum PathStep {
        // The member name's tape index, decoded only when a finding needs the pointer.
        case member(Int)
        case index(Int)
    }

    /// A walk over one document's tape and bytes, held as buffer pointers for its duration.
    private struct Walk {
        let tape: UnsafeBufferPointer<JSONTapeRecord>
        let bytes: UnsafeBufferPointer<UInt8>
        let starts: UnsafeBufferPointer<Bool>
        let pairs: UnsafeBufferPointer<UInt64>

        // Recursion depth is bounded by the parser's nesting limit, which every stored value has passed.
        func scan(_ index: Int, scanner: SecretScanner, path: inout [PathStep], into findings: inout [Finding]) {
            let record = tape[index]
            switch record.kind {
            case .string, .escapedString:
                if let rule = match(index, scanner: scanner) {
                    findings.append(Finding(pointer: pointer(path), inMemberName: false, rule: rule))
                }
            case .array:
                var position = index + 1
                for item in 0..<record.length {
                    path.append(.index(item))
                    scan(position, scanner: scanner, path: &path, into: &findings)
                    path.removeLast()
                    position = tape[position].next(from: position)
                }
            case .object:
                var name = index + 1
                for _ in 0..<record.length {
                    if let rule = match(name, scanner: scanner) {
                        findings.append(Finding(pointer: pointer(path), inMemberName: true, rule: rule))
                    } else {
                        path.append(.member(name))
                        scan(name + 1, scanner: scanner, path: &path, into: &findings)
                        path.removeLast()
                    }
                    name = tape[name + 1].next(from: name + 1)
                }
            case .null, .false, .true, .number:
                break
            }
        }

        // The string's own bytes when it has no escapes, else its decoded bytes.
        private func match(_ index: Int, scanner: SecretScanner) -> Rule? {
            let record = tape[index]
            guard record.kind == .escapedString else {
                return scanner.match(UnsafeBufferPointer(rebasing: bytes[record.start..<record.start + record.length]), starts: starts, pairs: pairs)
            }
            return decoded(index).withUnsafeBufferPointer { scanner.match($0, starts: starts, pairs: pairs) }
        }

        private func decoded(_ index: Int) -> [UInt8] {
            let record = tape[index]
            guard record.kind == .escapedString else { return Array(bytes[record.start..<record.start + record.length]) }
            var decoder = JSONScanner(base: UnsafeRawPointer(bytes.baseAddress!), count: bytes.count, offset: record.start - 1)
            _ = try? decoder.scanString()
            return decoder.unescaped
        }

        func pointer(_ path: [PathStep]) -> JSONPointer {
            JSONPointer(tokens: path.map { step in
                switch step {
                case .member(let name): return String(decoding: decoded(name), as: UTF8.self)
                case .index(let index): return String(index)
                }
            })
        }
    }

    private func match(_ bytes: UnsafeBufferPointer<UInt8>) -> Rule? {
        starts.withUnsafeBufferPointer { starts in pairs.withUnsafeBufferPointer { pairs in match(bytes, starts: starts, pairs: pairs) } }
    }

    fileprivate func match(_ bytes: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Bool>, pairs: UnsafeBufferPointer<UInt64>) -> Rule? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Each byte is tested with the one after it: the pair table rules out nearly every place in one
            // predictable branch. No rule matches one byte alone, so the last byte needs only the first-byte table.
            if index + 1 < bytes.count {
                let pair = Int(byte) << 8 | Int(bytes[index + 1])
                guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else {
                    index += 1
                    continue
                }
            } else if !starts[Int(byte)] {
                break
            }
            switch byte {
            case UInt8(ascii: "w"):
                if modalToken(bytes, at: index) { return .modalToken }
            case UInt8(ascii: "s"):
                if let rule = Self.skKey(bytes, at: index) { return rule }
            case UInt8(ascii: "g"):
                if Self.githubToken(bytes, at: index) { return .githubToken }
            case UInt8(ascii: "e"):
                if Self.jwt(bytes, at: index) { return .jwt }
            case UInt8(ascii: "A"):
                if Self.keyShape(bytes, at: index, prefix: Self.googlePrefix, exactly: 35, of: Self.isKeyCharacter) { return .googleKey }
                if Self.keyShape(bytes, at: index, prefix: Self.awsPrefix, exactly: 16, of: Self.isUpperAlphanumeric) { return .awsAccessKey }
                if authorizationHeader(bytes, at: index) { return .authorization }
            case UInt8(ascii: "a"):
                if authorizationHeader(bytes, at: index) { return .authorization }
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                if bearerToken(bytes, at: index) { return .authorization }
            case UInt8(ascii: ":"):
                if urlCredentials(bytes, at: index) { return .urlCredentials }
            default:
                break
            }
            for literal in literals where literal.bytes[0] == byte && Self.hasPrefix(bytes, at: index, literal.bytes) {
                return literal.rule
            }
            index += 1
        }
        return nil
    }

    // `wk-`/`ws-` must start a word, so `awk-scripts` is not a token.
    private func modalToken(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "k") || bytes[index + 1] == UInt8(ascii: "s"),
              bytes[index + 2] == UInt8(ascii: "-"), index == 0 || !Self.isAlphanumeric(bytes[index - 1]) else { return false }
        return Self.runLength(bytes, from: index + 3, limit: 8, where: Self.isAlphanumeric) >= 8
    }

    // After the header name, an optional scheme word (`Basic`, `Bearer`, …) and then a credential of 8 or more
    // characters; the colon makes this header syntax rather than prose, so the credential may be any non-blank run.
    private func authorizationHeader(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard Self.hasPrefixIgnoringCase(bytes, at: index, Self.authorizationName),
              index == 0 || !Self.isAlphanumeric(bytes[index - 1]) else { return false }
        var cursor = Self.skipBlanks(bytes, from: index + Self.authorizationName.count)
        let first = Self.runLength(bytes, from: cursor, limit: Int.max, where: Self.isCredential)
        let afterFirst = Self.skipBlanks(bytes, from: cursor + first)
        let firstIsScheme = first > 0 && afterFirst > cursor + first
            && (cursor..<cursor + first).allSatisfy { Self.isLetter(bytes[$0]) }
        if firstIsScheme { cursor = afterFirst }
        return Self.runLength(bytes, from: cursor, limit: 8, where: Self.isCredential) >= 8
    }

    // "bearer" is also an English word, so the token must look like one: 8 or more token characters with a digit.
    private func bearerToken(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard Self.hasPrefixIgnoringCase(bytes, at: index, Self.bearerWord),
              index == 0 || !Self.isAlphanumeric(bytes[index - 1]) else { return false }
        let start = Self.skipBlanks(bytes, from: index + Self.bearerWord.count)
        guard start > index + Self.bearerWord.count else { return false }
        var cursor = start
        var hasDigit = false
        while cursor < bytes.count, Self.isToken68(bytes[cursor]) {
            hasDigit = hasDigit || Self.isDigit(bytes[cursor])
            cursor += 1
        }
        return cursor - start >= 8 && hasDigit
    }

    // At the `:` of `://`: the authority that follows ends at `/`, `?`, `#` or a blank; a `:` before its `@`
    // means a password is in it.
    private func urlCredentials(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index > 0, index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/"),
              Self.isSchemeCharacter(bytes[index - 1]) else { return false }
        var cursor = index + 3
        var colon: Int?
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "@") { return colon.map { $0 + 1 < cursor } ?? false }
            if byte == UInt8(ascii: ":") && colon == nil { colon = cursor }
            if Self.endsAuthority(byte) { return false }
            cursor += 1
        }
        return false
    }

    // `sk-ant-` is Anthropic's, any other `sk-` OpenAI's (`sk-proj-`, `sk-svcacct-`): 20 or more key characters that
    // hold a digit and an upper-case letter, as random keys do and hyphenated words (`sk-learn-compatible-…`) do not.
    private static func skKey(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Rule? {
        guard hasPrefix(bytes, at: index, openAIPrefix), atWordStart(bytes, index) else { return nil }
        let anthropic = hasPrefix(bytes, at: index, anthropicPrefix)
        let start = index + (anthropic ? anthropicPrefix.count : openAIPrefix.count)
        let length = runLength(bytes, from: start, limit: 256, where: isKeyCharacter)
        let key = UnsafeBufferPointer(rebasing: bytes[start..<start + length])
        guard length >= 20, key.contains(where: isDigit), key.contains(where: isUpperLetter) else { return nil }
        return anthropic ? .anthropicKey : .openAIKey
    }

    private static func githubToken(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        keyShape(bytes, at: index, prefix: githubClassicPrefix, atLeast: 36, of: isAlphanumeric)
            || keyShape(bytes, at: index, prefix: githubFinePrefix, atLeast: 40, of: isKeyCharacter)
    }

    // `eyJ` is base64url for `{"`: a header, a payload and a signature, each at least 10 characters, dot-separated.
    private static func jwt(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard hasPrefix(bytes, at: index, jwtPrefix), atWordStart(bytes, index) else { return false }
        var cursor = index
        for part in 0..<3 {
            let length = runLength(bytes, from: cursor, limit: Int.max, where: isKeyCharacter)
            guard length >= 10 else { return false }
            cursor += length
            if part < 2 {
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") else { return false }
                cursor += 1
            }
        }
        return true
    }

    // `prefix` at a word start, then at least (or exactly, with nothing key-like after) `count` characters passing `test`.
    private static func keyShape(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, prefix: [UInt8], atLeast count: Int = 0, exactly: Int? = nil,
        of test: (UInt8) -> Bool
    ) -> Bool {
        guard hasPrefix(bytes, at: index, prefix), atWordStart(bytes, index) else { return false }
        let start = index + prefix.count
        guard let exactly else { return runLength(bytes, from: start, limit: count, where: test) >= count }
        let length = runLength(bytes, from: start, limit: exactly + 1, where: test)
        return length == exactly && (start + length == bytes.count || !isKeyCharacter(bytes[start + length]))
    }

    private static func atWordStart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index == 0 || !isKeyCharacter(bytes[index - 1])
    }

    private static let openAIPrefix = Array("sk-".utf8)
    private static let anthropicPrefix = Array("sk-ant-".utf8)
    private static let googlePrefix = Array("AIza".utf8)
    private static let awsPrefix = Array("AKIA".utf8)
    private static let githubClassicPrefix = Array("ghp_".utf8)
    private static let githubFinePrefix = Array("github_pat_".utf8)
    private static let jwtPrefix = Array("eyJ".utf8)

    private static let authorizationName = Array("authorization:".utf8)
    private static let bearerWord = Array("bearer".utf8)

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: [UInt8]) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for offset in prefix.indices where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    // `prefix` is lowercase ASCII; setting bit 0x20 lowercases an ASCII letter and leaves `:` alone.
    private static func hasPrefixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: [UInt8]) -> Bool {
        guard bytes.count - index >= prefix.count else { return false }
        for offset in prefix.indices where bytes[index + offset] | 0x20 != prefix[offset] { return false }
        return true
    }

    private static func runLength(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, where test: (UInt8) -> Bool) -> Int {
        var cursor = start
        while cursor < bytes.count, cursor - start < limit, test(bytes[cursor]) { cursor += 1 }
        return cursor - start
    }

    private static func skipBlanks(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        return cursor
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte)
    }

    // The characters of API keys: letters, digits, `-` and `_`.
    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isUpperAlphanumeric(_ byte: UInt8) -> Bool {
        isUpperLetter(byte) || isDigit(byte)
    }

    private static func isUpperLetter(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
    }

    // RFC 7235 token68: letters, digits and `-._~+/`, then `=` padding.
    private static func isToken68(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "-._~+/=".utf8.contains(byte)
    }

    private static func isCredential(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'") && byte != UInt8(ascii: ",") && byte != 0x7F
    }

    private static func isSchemeCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte <= 0x20 || "/?#\"'<>\\".utf8.contains(byte)
    }
}
