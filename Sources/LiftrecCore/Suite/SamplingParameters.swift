/// The sampling fields of a request, kept as number text so fingerprints see exactly what was written.
struct SamplingParameters: Sendable, Equatable {
    /// Upper bound on generated tokens.
    var maxTokens: JSONNumber
    /// Sampling temperature.
    var temperature: JSONNumber
    /// Nucleus sampling mass.
    var topP: JSONNumber

    /// Parameters from their parts.
    init(maxTokens: JSONNumber, temperature: JSONNumber, topP: JSONNumber) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
    }

    /// What the Modal endpoint itself uses for a field the request leaves out (lift-sys `modal_app.py`).
    static let endpointDefaults = SamplingParameters(
        maxTokens: JSONNumber(text: "2048"),
        temperature: JSONNumber(text: "0.3"),
        topP: JSONNumber(text: "0.95")
    )

    /// The `{"max_tokens","temperature","top_p"}` object that `params_sha256` covers.
    var json: JSONObject {
        JSONObject([
            ("max_tokens", .number(maxTokens)),
            ("temperature", .number(temperature)),
            ("top_p", .number(topP)),
        ])
    }
}
