/// The one status word a command gives a case, shared by every command and every renderer.
enum CaseStatus: String, Sendable, CaseIterable {
    // verify, from most to least serious
    case missing
    case secret
    case error
    case unexpectedOK = "unexpected_ok"
    case truncated
    case stale
    case invalid
    case expired
    case legacy
    case undated
    case ok
    // diff
    case same
    case changed
    /// Only the text of a text output changed, which differs from sample to sample by nature.
    case textChanged = "text_changed"
    case reshaped
    case unstable
    // record
    case recorded
    case failed
    case unrecorded
    case skipped
    case planned
    case adopted
    case wouldAdopt = "would_adopt"
    // prune
    case removed
    case wouldRemove = "would_remove"
    // merge
    case merged
    case kept
    // replay
    case hit
    case miss
    case unused

    /// Whether the status means all is well, so renderers colour it green and Markdown leaves it out of the details.
    var isGood: Bool {
        switch self {
        case .ok, .same, .hit, .recorded, .adopted, .skipped, .merged, .kept: return true
        default: return false
        }
    }

    /// The verify statuses from most to least serious, which decides the one status a case with several findings gets.
    static let verifySeverity: [CaseStatus] = [
        .missing, .secret, .error, .unexpectedOK, .truncated, .stale, .invalid, .expired, .legacy, .undated, .ok,
    ]
}
