/// An http(s) endpoint URL, parsed without Foundation, that derives its health and warm-up siblings
/// and prints without its credentials.
struct EndpointURL: Sendable, Hashable, CustomStringConvertible {
    /// The schemes an endpoint can use.
    enum Scheme: String, Sendable {
        /// Plain HTTP, as the local replay server speaks.
        case http
        /// HTTP over TLS, as Modal speaks.
        case https
    }

    /// The endpoints that sit beside a Modal `generate` URL.
    enum Sibling: String, Sendable, CaseIterable {
        /// `GET` it for a cheap liveness answer that needs no GPU.
        case health
        /// `GET` it to trigger the cold start.
        case warmup
    }

    /// Why a text is not a usable endpoint URL; messages quote the URL without credentials.
    enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A byte outside printable ASCII, at this 0-based offset.
        case invalidCharacter(offset: Int)
        /// No `scheme://` in front.
        case missingScheme(url: String)
        /// A scheme other than http or https.
        case unsupportedScheme(url: String, scheme: String)
        /// Nothing or something malformed where the host belongs.
        case invalidHost(url: String)
        /// A port that is not a number from 1 to 65535.
        case invalidPort(url: String)
        /// Neither the first host label nor the last path segment is `generate`.
        case noSiblings(url: String, sibling: Sibling)

        /// The one-line explanation, with what to do next.
        var description: String {
            switch self {
            case .invalidCharacter(let offset):
                return "endpoint URL has a space, control or non-ASCII character at offset \(offset); percent-encode it or fix the URL"
            case .missingScheme(let url):
                return "endpoint URL \"\(url)\" has no scheme; write it as https://host/... or http://host:port/..."
            case .unsupportedScheme(let url, let scheme):
                return "endpoint URL \"\(url)\" uses scheme \"\(scheme)\"; only http and https are supported"
            case .invalidHost(let url):
                return "endpoint URL \"\(url)\" has no valid host; write it as https://host/... or http://host:port/..."
            case .invalidPort(let url):
                return "endpoint URL \"\(url)\" has an invalid port; use a number from 1 to 65535"
            case .noSiblings(let url, let sibling):
                return "cannot derive the \(sibling.rawValue) URL from \"\(url)\": the first host label must end in "
                    + "\"generate\" (https://ws--generate.modal.run) or the path must end in \"/generate\" "
                    + "(http://127.0.0.1:8080/generate)"
            }
        }
    }

    /// The scheme, lowercased.
    let scheme: Scheme
    /// The credentials before `@`, as written; never printed.
    let userinfo: String?
    /// The host as written: a name, an IPv4 address, or an IPv6 address in brackets.
    let host: String
    /// The port, when one is written.
    let port: UInt16?
    /// The path: empty or starting with `/`.
    let path: String
    /// The text after `?`, when there is any; may hold tokens, so never printed.
    let query: String?

    /// Parses `text`; a fragment is dropped, as HTTP never sends it.
    // Only printable ASCII gets past the first check, so `isLetter` and `isNumber` below mean ASCII ones.
    init(parsing text: String) throws(ParseError) {
        if let offset = text.utf8.firstIndex(where: { $0 < 0x21 || $0 > 0x7E }) {
            throw .invalidCharacter(offset: text.utf8.distance(from: text.utf8.startIndex, to: offset))
        }
        let parts = Parts(text)
        let redacted = parts.redacted
        guard let schemeText = parts.scheme else { throw .missingScheme(url: redacted) }
        guard let scheme = Scheme(rawValue: schemeText.lowercased()) else {
            throw .unsupportedScheme(url: redacted, scheme: String(schemeText))
        }
        let (host, portText) = Self.splitHost(parts.hostPort)
        guard Self.isValidHost(host) else { throw .invalidHost(url: redacted) }
        var port: UInt16?
        if let portText {
            guard portText.count <= 5, portText.allSatisfy(\.isNumber), let number = UInt16(portText), number > 0 else {
                throw .invalidPort(url: redacted)
            }
            port = number
        }
        self.init(
            scheme: scheme,
            userinfo: parts.userinfo.map(String.init),
            host: String(host),
            port: port,
            path: String(parts.path),
            query: parts.query.flatMap { $0.isEmpty ? nil : String($0) }
        )
    }

    private init(scheme: Scheme, userinfo: String?, host: String, port: UInt16?, path: String, query: String?) {
        self.scheme = scheme
        self.userinfo = userinfo
        self.host = host
        self.port = port
        self.path = path
        self.query = query
    }

    /// The full URL to send, credentials and query included.
    var absoluteString: String {
        var text = scheme.rawValue + "://"
        if let userinfo { text += userinfo + "@" }
        text += origin + path
        if let query { text += "?" + query }
        return text
    }

    /// The URL without userinfo, query and fragment: safe to print, log and store.
    var redacted: String {
        scheme.rawValue + "://" + origin + path
    }

    /// The redacted form, so that interpolating a URL never leaks its credentials.
    var description: String { redacted }

    /// The URL of `sibling`: `--generate` in the first host label, or else a last path segment
    /// `generate`, replaced by the sibling's name; credentials, port and query are kept.
    func sibling(_ sibling: Sibling) throws(ParseError) -> EndpointURL {
        let target = "generate"
        if let slash = path.lastIndex(of: "/"), path[path.index(after: slash)...] == target {
            return with(host: host, path: String(path[...slash]) + sibling.rawValue)
        }
        let label = host.prefix { $0 != "." }
        let isName = !host.hasPrefix("[") && !host.allSatisfy { $0 == "." || $0.isNumber }
        let lowered = label.lowercased()
        if isName, lowered == target || lowered.hasSuffix("-" + target) {
            return with(host: String(label.dropLast(target.count)) + sibling.rawValue + String(host.dropFirst(label.count)), path: path)
        }
        throw .noSiblings(url: redacted, sibling: sibling)
    }

    /// The URL of an API route such as `/v1/models` under this base URL; a base already ending in `/v1` is not doubled.
    func route(_ versioned: String) -> EndpointURL {
        var base = path
        while base.hasSuffix("/") { base.removeLast() }
        if let slash = versioned.dropFirst().firstIndex(of: "/"), base.hasSuffix(String(versioned[..<slash])) {
            return with(host: host, path: base + versioned[slash...])
        }
        return with(host: host, path: base + versioned)
    }

    /// This base URL joined with a request's own path and query, as a client of the base would send it: a base that
    /// already ends in the path's first segment (`/v1` and `/v1/chat/completions`) does not get it twice, and the two
    /// queries are kept both.
    func joined(path requestPath: String, query requestQuery: String?) -> EndpointURL {
        let joined = route(requestPath.isEmpty ? "/" : requestPath)
        let queries = [query, requestQuery].compactMap { $0 }.filter { !$0.isEmpty }
        return EndpointURL(scheme: scheme, userinfo: userinfo, host: host, port: port, path: joined.path, query: queries.isEmpty ? nil : queries.joined(separator: "&"))
    }

    /// This URL with `extra` added to its query.
    func addingQuery(_ extra: String) -> EndpointURL {
        EndpointURL(scheme: scheme, userinfo: userinfo, host: host, port: port, path: path, query: query.map { $0 + "&" + extra } ?? extra)
    }

    private var origin: String {
        port.map { host + ":" + String($0) } ?? host
    }

    private func with(host: String, path: String) -> EndpointURL {
        EndpointURL(scheme: scheme, userinfo: userinfo, host: host, port: port, path: path, query: query)
    }

    /// Splits `host:port` or `[v6]:port`; the port text is nil when there is no colon.
    private static func splitHost(_ text: Substring) -> (host: Substring, port: Substring?) {
        let end = text.hasPrefix("[") ? text.firstIndex(of: "]").map(text.index(after:)) ?? text.endIndex : text.startIndex
        guard let colon = text[end...].firstIndex(of: ":") else { return (text, nil) }
        return (text[..<colon], text[text.index(after: colon)...])
    }

    private static func isValidHost(_ host: Substring) -> Bool {
        if host.hasPrefix("[") {
            return host.count > 2 && host.hasSuffix("]")
                && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        return !host.isEmpty && !host.hasPrefix(".") && !host.hasPrefix("-")
            && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }
    }

    /// The textual parts of a URL before any validation, so that even a rejected URL can be quoted without its secrets.
    private struct Parts {
        var scheme: Substring?
        var userinfo: Substring?
        var hostPort: Substring
        var path: Substring
        var query: Substring?

        init(_ text: String) {
            var rest = text[...]
            if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
            if let question = rest.firstIndex(of: "?") {
                query = rest[rest.index(after: question)...]
                rest = rest[..<question]
            }
            if let separator = rest.firstRange(of: "://") {
                scheme = rest[..<separator.lowerBound]
                rest = rest[separator.upperBound...]
            }
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<slash]
            path = rest[slash...]
            if let at = authority.lastIndex(of: "@") {
                userinfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
            }
            hostPort = authority
        }

        var redacted: String {
            (scheme.map { $0 + "://" } ?? "") + hostPort + path
        }
    }
}
