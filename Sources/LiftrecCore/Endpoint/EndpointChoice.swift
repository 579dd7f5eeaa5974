/// Which endpoint a live command talks to: a real URL or the embedded simulator.
enum EndpointChoice: Sendable, Equatable {
    /// A Modal-style endpoint at this generate URL.
    case remote(EndpointURL)
    /// The embedded simulator, with its settings text as given (`sim:latency=200ms`).
    case simulator(SimulatorSettings, text: String)

    /// `--endpoint`, else the protocol's variables (`LIFTREC_ENDPOINT`, then `MODAL_ENDPOINT_URL`, for Modal only), else
    /// the suite's `endpoint`; never a silent fallback.
    ///
    /// `flags` are the `--endpoint` values: one naming the protocol (`openai-chat=URL`) wins over one naming none; the
    /// suite's `endpoint` may likewise be one URL or one per protocol.
    static func resolve(
        flags: [String], variables: [String: String], suite: Suite, speaking given: (any WireProtocol)? = nil
    ) throws(LiftrecError) -> EndpointChoice {
        let wireProtocol = given ?? suite.wireProtocol
        var general: String?
        var specific: String?
        for text in flags {
            let (named, value) = try WireProtocols.scoped(text, option: "--endpoint")
            if let named {
                if named.name == wireProtocol.name { specific = value }
            } else {
                general = value
            }
        }
        let candidates: [(String, String?)] = [("--endpoint", specific ?? general)]
            + wireProtocol.endpointVariables.map { ($0, variables[$0]) }
            + [("the suite's \"endpoint\"", suite.endpoints[wireProtocol.name] ?? suite.endpoint)]
        guard let (source, text) = candidates.first(where: { !($0.1 ?? "").isEmpty }).map({ ($0.0, $0.1 ?? "") }) else {
            let variable = wireProtocol.endpointVariables.last.map { ", set \($0)" } ?? ", give the suite an \"endpoint\""
            throw .endpoint(
                "no endpoint for suite '\(suite.name)' (\(wireProtocol.name)): pass --endpoint URL\(variable), "
                    + "or use --endpoint sim to record from the embedded simulator"
            )
        }
        if text == "sim" || text.hasPrefix("sim:") {
            return .simulator(try SimulatorSettings(parsing: text), text: text)
        }
        do {
            return .remote(try EndpointURL(parsing: text))
        } catch {
            throw .endpoint("\(source): \(error.description)")
        }
    }

    /// The endpoint as stored with a fixture and shown in messages: never credentials or a query.
    var storedName: String {
        switch self {
        case .remote(let url): return url.redacted
        case .simulator(_, let text): return text
        }
    }
}
