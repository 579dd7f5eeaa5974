/// The case closest to a request that found no fixture, and which parts of the request differ from it, so a miss says what to change.
struct NearestCase: Sendable, Equatable {
    /// The suite's name.
    let suite: String
    /// The case key.
    let key: String
    /// The parts that differ, in the order `prompt`, `schema`, `params`; empty when the case makes this very request.
    let differs: [String]
    /// True when the comparison was with the request the case's fixture was recorded from, not the case's current one.
    let comparedWithFixture: Bool
    /// Each sampling parameter whose value differs, with the request's value and the case's.
    var parameters: [ParameterDifference] = []
    /// True when no part of the request matches the case's: it is only the first case of the protocol.
    var sharesNothing = false

    /// One sampling parameter that differs between a request and a case.
    struct ParameterDifference: Sendable, Equatable {
        /// The field, such as `temperature`.
        let name: String
        /// The request's value as written, or nil when it left the field out.
        let requested: String?
        /// The case's value.
        let expected: String
    }

    init(
        suite: String, key: String, differs: [String], comparedWithFixture: Bool, parameters: [ParameterDifference] = [], sharesNothing: Bool = false
    ) {
        self.suite = suite
        self.key = key
        self.differs = differs
        self.comparedWithFixture = comparedWithFixture
        self.parameters = parameters
        self.sharesNothing = sharesNothing
    }

    /// The sampling fields of `request` that differ from `expected`, the commonest near miss being a client default.
    static func parameterDifferences(in request: JSONObject, from expected: SamplingParameters) -> [ParameterDifference] {
        expected.json.members.compactMap { name, value in
            guard case .number(let wanted) = value else { return nil }
            let given = request[name]?.numberValue
            if let given, given == wanted { return nil }
            return ParameterDifference(name: name, requested: given?.text ?? request[name].map { $0.brief() }, expected: wanted.text)
        }
    }

    /// `{"suite", "key", "differs", "parameters"?}` as the miss reply and the reports carry it.
    var json: JSONValue {
        var object = JSONObject([
            ("suite", .string(suite)),
            ("key", .string(key)),
            ("differs", .array(differs.map(JSONValue.string))),
        ])
        if !parameters.isEmpty {
            object["parameters"] = .array(parameters.map { difference in
                .object(JSONObject([
                    ("name", .string(difference.name)),
                    ("requested", difference.requested.map(JSONValue.string) ?? .null),
                    ("expected", .string(difference.expected)),
                ]))
            })
        }
        return .object(object)
    }

    /// One clause for a message: what is closest and what to do.
    var explanation: String {
        guard !differs.isEmpty else {
            return "case \(suite)/\(key) makes this request but has no fixture for it; run 'liftrec record --suite \(suite) --only \(key)'"
        }
        if sharesNothing && differs == ["prompt", "schema", "params"] {
            return "no served case shares its prompt, schema or params (the first case is \(suite)/\(key))"
        }
        if sharesNothing {
            return "no served case shares any part of it (the first case of its protocol is \(suite)/\(key))"
        }
        let whose = comparedWithFixture ? "its fixture was recorded with" : "it has"
        let values = parameters.map { "\($0.name) is \($0.requested ?? "left out") in the request and \($0.expected) in the case" }
        if differs == [RequestFingerprint.legacyChatPart] {
            return "the nearest case is \(suite)/\(key), but its fixture was recorded under the 0.2 fingerprint; run 'liftrec record --suite \(suite) --only \(key)'"
        }
        // A chat request's parts are its members: the ones that differ are named as they are spelled in the request.
        if differs.allSatisfy({ !["prompt", "schema", "params"].contains($0) }) {
            let request = comparedWithFixture ? "its fixture was recorded from a request" : "its request"
            return "the nearest case is \(suite)/\(key), but \(request) differs in \(differs.joined(separator: ", "))"
        }
        guard !values.isEmpty else {
            return "the nearest case is \(suite)/\(key), but \(whose) a different \(differs.joined(separator: " and "))"
        }
        let others = differs.filter { $0 != "params" }.map { "a different \($0)" }
        return "the nearest case is \(suite)/\(key), but \(whose) " + (others + ["other sampling parameters"]).joined(separator: " and ")
            + ": " + values.joined(separator: ", ")
    }
}
