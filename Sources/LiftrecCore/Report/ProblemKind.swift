/// The machine-readable kind of a finding, as `--json` reports it.
enum ProblemKind: String, Sendable, CaseIterable {
    case missing
    case secret
    case metadata
    case legacy
    case stale
    case expired
    case undated
    case error
    case unexpectedOK = "unexpected_ok"
    case truncated
    case schema
    case orphan
    case endpoint
    case unstable
    case updated
    case budget
    case interrupted
    case journal
    case changed
    case added
    case removed
    case typeChanged = "type_changed"

    /// The kind for a request that was stopped rather than answered.
    init(_ cause: StopCause) {
        switch cause {
        case .budget: self = .budget
        case .interrupted: self = .interrupted
        case .journal: self = .journal
        }
    }
}

extension Problem {
    /// No fixture under the case's key, with the command that records it.
    static func missing(suite: String, key: String, in place: String = "the store") -> Problem {
        Problem(kind: .missing, message: "no fixture in \(place); \(RepairHint.record(suite: suite, key: key))")
    }

    /// A fixture recorded from another request than the case makes now.
    static func stale(changed: [String], suite: String, key: String) -> Problem {
        let cause = changed == [RequestFingerprint.legacyChatPart]
            ? "the fixture was recorded under the 0.2 fingerprint, which filled in protocol defaults"
            : "the case's \(changed.joined(separator: " and ")) changed since it was recorded"
        return Problem(
            kind: .stale,
            message: "\(cause); \(RepairHint.record(suite: suite, key: key))",
            details: JSONObject([("changed", .array(changed.map(JSONValue.string)))])
        )
    }

    /// A request that was stopped before it was answered.
    static func stopped(_ cause: StopCause, prefix: String = "") -> Problem {
        Problem(kind: ProblemKind(cause), message: prefix + cause.explanation)
    }
}
