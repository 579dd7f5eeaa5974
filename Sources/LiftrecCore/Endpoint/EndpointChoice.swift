/// Which endpoint a live command talks to: a real URL or the embedded simulator (DESIGN §6).
public enum EndpointChoice: Sendable, Equatable {
    /// A Modal-style endpoint at this generate URL.
    case remote(EndpointURL)
    /// The embedded simulator, with its settings text as given (`sim:latency=200ms`).
    case simulator(SimulatorSettings, text: String)

    /// `--endpoint`, else `LIFTREC_ENDPOINT`, else `MODAL_ENDPOINT_URL`, else the suite's `endpoint`; never a silent fallback.
    public static func resolve(flag: String?, variables: [String: String], suite: Suite) throws(LiftrecError) -> EndpointChoice {
        let candidates: [(String, String?)] = [
            ("--endpoint", flag),
            ("LIFTREC_ENDPOINT", variables["LIFTREC_ENDPOINT"]),
            ("MODAL_ENDPOINT_URL", variables["MODAL_ENDPOINT_URL"]),
            ("the suite's \"endpoint\"", suite.endpoint),
        ]
        guard let (source, text) = candidates.first(where: { !($0.1 ?? "").isEmpty }).map({ ($0.0, $0.1 ?? "") }) else {
            throw .endpoint(
                "no endpoint for suite '\(suite.name)': pass --endpoint URL, set MODAL_ENDPOINT_URL, "
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
    public var storedName: String {
        switch self {
        case .remote(let url): return url.redacted
        case .simulator(_, let text): return text
        }
    }
}
