/// Replaces the literal values of secrets (`MODAL_KEY`, `MODAL_SECRET`, and the OpenAI and Anthropic API keys)
/// wherever they would be printed or stored.
public struct SecretRedactor: Sendable {
    /// The secret values, longest first so one that contains another is replaced whole.
    public let secrets: [String]

    /// The variables whose values are secrets.
    public static let variables = ["MODAL_KEY", "MODAL_SECRET", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"]

    /// What a secret is replaced with.
    public static let mask = "[REDACTED]"

    /// A redactor for the secrets found in `variables`.
    public init(variables: [String: String]) {
        secrets = Self.variables.compactMap { variables[$0] }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// True when there is nothing to redact.
    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret replaced by the mask.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mask)
        }
        return result
    }

    /// `value` with every string (member names included) redacted.
    public func redact(_ value: JSONValue) -> JSONValue {
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

    /// A sink that redacts everything written through it.
    public func wrap(_ sink: TextSink) -> TextSink {
        guard !secrets.isEmpty else { return sink }
        return TextSink(isTerminal: sink.isTerminal) { [self] text in sink.write(redact(text)) }
    }
}
