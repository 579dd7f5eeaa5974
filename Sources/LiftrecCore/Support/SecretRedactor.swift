/// Replaces the literal values of secrets (`MODAL_KEY`, `MODAL_SECRET`, and the OpenAI and Anthropic API keys)
/// wherever they would be printed or stored.
struct SecretRedactor: Sendable {
    /// The secret values, longest first so one that contains another is replaced whole.
    let secrets: [String]

    /// The variables whose values are secrets.
    static let variables = ["MODAL_KEY", "MODAL_SECRET", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"]

    /// What a secret is replaced with.
    static let mask = "[REDACTED]"

    /// A redactor for the secrets found in `variables`.
    init(variables: [String: String]) {
        secrets = Self.variables.compactMap { variables[$0] }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// This redactor masking `values` too: keys a suite's `auth_env` names, or a client sent with a request.
    func adding(_ values: [String]) -> SecretRedactor {
        let added = values.filter { !$0.isEmpty && !secrets.contains($0) }
        guard !added.isEmpty else { return self }
        return SecretRedactor(secrets: (secrets + added).sorted { $0.count > $1.count })
    }

    private init(secrets: [String]) {
        self.secrets = secrets
    }

    /// The key values a client sent with a request: its `Authorization` credentials, its API-key headers and its key
    /// query parameters (`key`, `api_key`, `access_token`, `token`), which go upstream and nowhere else.
    static func clientKeys(headers: HTTPHeaders, query: String?) -> [String] {
        var keys: [String] = []
        for (name, value) in headers.fields {
            switch name.lowercased() {
            case "authorization":
                let credentials = value.split(separator: " ", maxSplits: 1).last.map(String.init) ?? value
                keys.append(credentials)
            case "x-api-key", "api-key", "x-goog-api-key", "modal-key", "modal-secret":
                keys.append(value)
            default:
                break
            }
        }
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, ["key", "api_key", "access_token", "token"].contains(parts[0].lowercased()) else { continue }
            keys.append(String(parts[1]))
        }
        // A key too short to be one would mask ordinary words; liftrec's own placeholder is no secret.
        return keys.filter { $0.count >= 8 && $0 != ReplayUpstream.placeholderKey }
    }

    /// True when there is nothing to redact.
    var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret replaced by the mask.
    func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }

    /// `value` with every string (member names included) redacted.
    func redact(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text):
            return .string(redact(text))
        case .array(let items):
            return .array(items.map(redact))
        case .object(let object):
            return .object(JSONObject(object.members.map { (redact($0.0), redact($0.1)) }))
        default:
            return value
        }
    }
}
