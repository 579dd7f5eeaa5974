/// The wire protocols liftrec speaks, by the name a suite gives in `"protocol"`.
enum WireProtocols {
    /// Every protocol, the default first.
    static let all: [any WireProtocol] = [
        ModalProtocol(), GeminiProtocol(), OpenAIChatProtocol(), AnthropicMessagesProtocol(), OpenAIResponsesProtocol(),
    ]

    /// The protocol of a suite that names none.
    static var standard: any WireProtocol { all[0] }

    /// The one route matcher: the first protocol that serves `path` (without its query), and what for.
    ///
    /// Modal's `/` route belongs to label-style hosts, whose first label (`ws--health`) names the purpose of a read.
    static func route(method: String, path: String, host: String? = nil) -> Route? {
        for wireProtocol in all {
            guard var purpose = wireProtocol.route(path: path) else { continue }
            let reads = method == "GET" || method == "HEAD"
            if purpose == .generate, reads, path == "/" || path.isEmpty {
                let label = host?.split(whereSeparator: { $0 == "." || $0 == ":" }).first.map(String.init) ?? ""
                purpose = label.hasSuffix("warmup") ? .warmup : .health
            }
            var route = Route(wireProtocol, purpose)
            (route.model, route.streams) = wireProtocol.pathDetails(path)
            return route
        }
        return nil
    }

    /// The protocol whose error shape a request to an unknown `path` gets: the one whose routes it resembles, else the default.
    static func owner(ofUnknownPath path: String) -> any WireProtocol {
        let claims = all.map { wireProtocol in (wireProtocol, wireProtocol.unknownPathPrefixes.filter(path.hasPrefix).map(\.count).max() ?? 0) }
        return claims.max { $0.1 < $1.1 }.flatMap { $0.1 > 0 ? $0.0 : nil } ?? standard
    }

    /// An option value that may name its protocol first, `PROTOCOL=VALUE` (`--endpoint`, `--upstream`): the protocol,
    /// nil for a value that names none, and the value; an unknown name is a usage error naming `option`.
    static func scoped(_ text: String, option: String) throws(LiftrecError) -> (wireProtocol: (any WireProtocol)?, value: String) {
        guard let equals = text.firstIndex(of: "="), !text.hasPrefix("sim"), !text[..<equals].contains(":") else { return (nil, text) }
        let name = String(text[..<equals])
        guard let named = Self.named(name) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw .usage("\(option) \(singleQuoted(text)): unknown protocol \(singleQuoted(name)); use one of \(known), or give the URL alone for every protocol")
        }
        return (named, String(text[text.index(after: equals)...]))
    }

    /// The protocol called `name`, or nil when liftrec does not speak it.
    static func named(_ name: String) -> (any WireProtocol)? {
        all.first { $0.name == name }
    }
}
