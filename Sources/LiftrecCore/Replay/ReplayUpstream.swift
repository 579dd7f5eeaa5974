/// Where a replay server sends what no fixture answers (`--upstream`): a target per protocol, or one for every
/// protocol, and whether the replies are recorded.
struct ReplayUpstream: Sendable {
    /// One live endpoint: its URL (a base that request paths are joined to, or Modal's generate route itself) and
    /// how to reach it.
    struct Target: Sendable {
        /// How requests travel: libcurl, or the simulator in-process for `sim`.
        let transport: any HTTPTransport
        /// The URL requests are joined to.
        let url: EndpointURL
        /// The endpoint as stored with fixtures and shown in messages: never credentials or a query.
        let name: String
        /// The model the endpoint reported in its health check, when it was asked.
        let model: String?
        /// A CA bundle to trust besides the system's.
        var caBundle: String?

    }

    /// The key `replay --serve -- CMD` gives official clients that have none, so they start; never sent upstream.
    static let placeholderKey = "liftrec-replay-placeholder"

    /// The targets named per protocol (`--upstream PROTOCOL=URL`), by protocol name.
    let targets: [String: Target]
    /// The target for every other protocol (`--upstream URL`).
    let fallback: Target?
    /// True with `--record-missing`: replies to requests a case makes are validated and stored.
    let records: Bool
    /// Each protocol as the served suites configure it (their `auth_env`), by name: its key replaces the placeholder.
    var keyed: [String: any WireProtocol] = [:]

    /// The target requests of `wireProtocol` go to, nil when none is named for it.
    func target(for wireProtocol: any WireProtocol) -> Target? {
        targets[wireProtocol.name] ?? fallback
    }

    /// The URL a request for `path` and `query` goes to at `target`: Modal's generate route itself when the target
    /// names one, else the target joined with the request's own path and query.
    static func url(of target: Target, for wireProtocol: any WireProtocol, path: String, query: String?) -> EndpointURL {
        wireProtocol.upstreamIsRoute(target.url) ? target.url : target.url.joined(path: path, query: query)
    }

    /// The headers a forwarded request carries: the client's own, but for the ones that belong to this hop and
    /// liftrec's; a key that is liftrec's placeholder is replaced by the protocol's own from `variables` (the
    /// variable a served suite's `auth_env` names, else the protocol's default), as is one the client did not send.
    func headers(
        forwarding headers: HTTPHeaders, speaking given: any WireProtocol, variables: [String: String]
    ) -> [(name: String, value: String)] {
        let wireProtocol = keyed[given.name] ?? given
        let hop: Set<String> = ["host", "content-length", "transfer-encoding", "connection", "keep-alive", "expect", "accept-encoding", "te", "upgrade"]
        var forwarded: [(name: String, value: String)] = []
        var placeholder = false
        for (name, value) in headers.fields {
            let lowered = name.lowercased()
            if hop.contains(lowered) || lowered.hasPrefix("x-liftrec-") { continue }
            if value.contains(Self.placeholderKey) {
                placeholder = true
                continue
            }
            forwarded.append((name, value))
        }
        let own = wireProtocol.authHeaders(variables)
        let credentials: Set<String> = ["authorization", "x-api-key", "api-key", "x-goog-api-key", "modal-key", "modal-secret"]
        let sentAuth = forwarded.contains { credentials.contains($0.name.lowercased()) }
        if placeholder || !sentAuth {
            for header in own where !forwarded.contains(where: { $0.name.lowercased() == header.name.lowercased() }) {
                forwarded.append(header)
            }
        }
        return forwarded
    }
}
