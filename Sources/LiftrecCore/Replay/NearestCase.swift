/// The case closest to a request that found no fixture, and which parts of the request differ from it (DESIGN §8.5).
public struct NearestCase: Sendable, Equatable {
    /// The suite's name.
    public let suite: String
    /// The case key.
    public let key: String
    /// The parts that differ, in the order `prompt`, `schema`, `params`; empty when the case makes this very request.
    public let differs: [String]
    /// True when the comparison was with the request the case's fixture was recorded from, not the case's current one.
    public let comparedWithFixture: Bool

    /// `{"suite", "key", "differs"}` as the miss reply and the reports carry it.
    public var json: JSONValue {
        .object(JSONObject([
            ("suite", .string(suite)),
            ("key", .string(key)),
            ("differs", .array(differs.map(JSONValue.string))),
        ]))
    }

    /// One clause for a message: what is closest and what to do.
    public var explanation: String {
        guard !differs.isEmpty else {
            return "case \(suite)/\(key) makes this request but has no fixture for it; run 'liftrec record --suite \(suite) --only \(key)'"
        }
        if differs.count == 3 {
            return "no served case shares its prompt, schema or params (the first case is \(suite)/\(key))"
        }
        let parts = differs.joined(separator: " and ")
        let whose = comparedWithFixture ? "its fixture was recorded with" : "it has"
        return "the nearest case is \(suite)/\(key), but \(whose) a different \(parts)"
    }
}
