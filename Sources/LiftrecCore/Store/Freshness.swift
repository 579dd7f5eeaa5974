/// Whether a stored fixture still answers its case's current request: the one place that decides staleness.
enum Freshness: Sendable, Equatable {
    /// No fixture under the case's key.
    case missing
    /// Written by ResponseRecorder, with no liftrec facts to compare.
    case legacy
    /// `metadata.liftrec` cannot be read.
    case unreadable(FixtureFactsError)
    /// Recorded from another request; `changed` names the parts (`prompt`, `schema`, `params`, or `request`).
    case stale(changed: [String])
    /// Recorded from exactly the case's current request.
    case fresh(FixtureFacts)

    /// The freshness of `fixture` (nil when absent) for `suiteCase`.
    init(of fixture: Fixture?, for suiteCase: SuiteCase) {
        guard let fixture else {
            self = .missing
            return
        }
        self.init(facts: Result { () throws(FixtureFactsError) in try fixture.facts() }, for: suiteCase)
    }

    /// The freshness of a present fixture whose facts were already read (`nil` facts: a legacy entry).
    init(facts read: Result<FixtureFacts?, FixtureFactsError>, for suiteCase: SuiteCase) {
        let facts: FixtureFacts?
        switch read {
        case .success(let value): facts = value
        case .failure(let error):
            self = .unreadable(error)
            return
        }
        guard let facts else {
            self = .legacy
            return
        }
        guard suiteCase.fingerprint.matches(request: facts.requestSHA256) else {
            let current = suiteCase.fingerprint
            let changed = current.changedParts(since: facts.parts(comparableWith: current))
            self = .stale(changed: changed.isEmpty ? ["request"] : changed)
            return
        }
        self = .fresh(facts)
    }
}
