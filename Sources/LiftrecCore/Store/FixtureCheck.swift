/// Checks one stored fixture against the case that owns it: presence, secrets, freshness, age, reply status and schema.
struct FixtureCheck: Sendable {
    /// The most serious finding's status, or `ok`.
    let status: CaseStatus
    /// Every finding, most serious first.
    let problems: [Problem]
    /// True when the fixture's readable facts say it was recorded from the simulator.
    let isSimulated: Bool

    /// The command that repairs the case's findings, or nil when there is nothing to repair.
    var repair: String? {
        RepairHint.command(for: status, suite: suiteName, key: key)
    }

    private let suiteName: String
    let key: String

    /// The clock and limit for `--max-age`.
    struct Expiry: Sendable {
        /// The oldest a fixture may be, in seconds.
        let maxAge: Double
        /// Seconds since the epoch to measure age from.
        let now: Double

    }

    /// Checks `fixture` (nil when absent) against `suiteCase`.
    ///
    /// `strict` makes legacy and undated entries errors; `expiry` checks `recorded_at` against `--max-age`;
    /// `scanner` searches the whole entry, its key included, for secrets.
    init(
        _ suiteCase: SuiteCase, fixture: Fixture?, suiteName: String, strict: Bool, expiry: Expiry? = nil, scanner: SecretScanner? = nil
    ) {
        self.suiteName = suiteName
        key = suiteCase.key
        guard let fixture else {
            status = .missing
            isSimulated = false
            problems = [.missing(suite: suiteName, key: suiteCase.key)]
            return
        }
        var found: [(CaseStatus, Problem)] = []
        if let scanner {
            found += Self.secretProblems(in: fixture, scanner: scanner).map { (.secret, $0) }
        }
        // The facts are read once: verify checks thousands of fixtures, and freshness needs them too.
        let read = Result { () throws(FixtureFactsError) in try fixture.facts() }
        var facts = try? read.get()
        switch Freshness(facts: read, for: suiteCase) {
        case .missing, .fresh:
            break
        case .unreadable(let error):
            found.append((.invalid, Problem(kind: .metadata, pointer: "/metadata/liftrec", message: "\(error.message); \(RepairHint.record(suite: suiteName, key: key))")))
            facts = nil
        case .legacy:
            found.append((.legacy, Problem(
                kind: .legacy,
                message: "recorded without liftrec metadata (ResponseRecorder); \(RepairHint.adopt(suite: suiteName)) to adopt it",
                isWarning: !strict
            )))
        case .stale(let changed):
            found.append((.stale, .stale(changed: changed, suite: suiteName, key: suiteCase.key)))
        }
        if let expiry {
            found += Self.ageProblems(facts?.recordedAt, expiry: expiry, suiteName: suiteName, key: suiteCase.key, strict: strict)
        }
        let isErrorReply = facts.map { $0.status == .error } ?? (fixture.isLegacy && fixture.response.isNull)
        switch (suiteCase.expect, isErrorReply) {
        case (.ok, true), (.truncated, true):
            let text = facts?.error.map { ": \(quoted(String($0.prefix(200))))" } ?? ""
            found.append((.error, Problem(kind: .error, message: "the stored reply is an error where a result was expected\(text)")))
        case (.error, false):
            found.append((.unexpectedOK, Problem(kind: .unexpectedOK, message: "the stored reply is a result where the case expects an error")))
        case (.truncated, false):
            break
        case (.ok, false), (.any, false):
            if let reason = facts?.finishReason, suiteCase.wireProtocol.isTruncation(reason) {
                found.append((.truncated, Problem(
                    kind: .truncated,
                    message: "finish_reason is \(quoted(reason)): the reply was cut short; raise max_tokens and re-record",
                    details: JSONObject([("finish_reason", .string(reason))])
                )))
            }
            for violation in suiteCase.contract.violations(fixture.response, kind: facts?.output) {
                found.append((.invalid, Problem(kind: .schema, pointer: violation.pointer.description, message: violation.description)))
            }
        case (.error, true), (.any, true):
            break
        }
        let rank = { (status: CaseStatus) in CaseStatus.verifySeverity.firstIndex(of: status) ?? CaseStatus.verifySeverity.count }
        let ranked = found.enumerated().sorted { (rank($0.element.0), $0.offset) < (rank($1.element.0), $1.offset) }.map(\.element)
        let serious = ranked.first { !$0.1.isWarning }
        status = serious?.0 ?? (ranked.isEmpty ? .ok : ranked[0].0)
        problems = ranked.map(\.1)
        // Only this is kept: a run checks thousands of fixtures and their facts are read again where needed.
        isSimulated = facts?.isSimulated ?? false
    }

    /// The `secret` problems of one store entry, which name its key and the pointer but never the secret itself.
    ///
    /// A key that itself holds a secret is not repeated; the entry is then only described as holding one.
    static func secretProblems(in fixture: Fixture, scanner: SecretScanner) -> [Problem] {
        let advice = "remove it, re-record the fixture and rotate the credential"
        if let rule = scanner.firstMatch(in: fixture.key) {
            return [Problem(
                kind: .secret, pointer: "",
                message: "a store key holds \(rule.summary) (rule \(rule.rawValue)); \(advice)",
                details: JSONObject([("rule", .string(rule.rawValue))])
            )]
        }
        return scanner.scan(fixture.entry).map { finding in
            let pointer = finding.pointer.description
            let place = finding.inMemberName ? "a member name of \(pointer.isEmpty ? "the entry" : pointer)" : pointer.isEmpty ? "the entry" : pointer
            return Problem(
                kind: .secret, pointer: pointer,
                message: "\(place) in store key \(quoted(fixture.key)) holds \(finding.rule.summary) (rule \(finding.rule.rawValue)); \(advice)",
                details: JSONObject([("key", .string(fixture.key)), ("rule", .string(finding.rule.rawValue)), ("in_member_name", .bool(finding.inMemberName))])
            )
        }
    }

    // A fixture with no readable date cannot be shown to be fresh, so it is reported rather than passed.
    private static func ageProblems(_ recordedAt: String?, expiry: Expiry, suiteName: String, key: String, strict: Bool) -> [(CaseStatus, Problem)] {
        let refresh = "\(RepairHint.rerecord(suite: suiteName, key: key)) to record it again"
        guard let recordedAt, let seconds = Timestamp.parse(recordedAt) else {
            let why = recordedAt.map { "metadata.liftrec.recorded_at \(quoted($0)) is not an RFC 3339 time" } ?? "the fixture has no recording date"
            return [(.undated, Problem(
                kind: .undated, pointer: recordedAt == nil ? nil : "/metadata/liftrec/recorded_at",
                message: "\(why), so --max-age cannot vouch for it; \(refresh)", isWarning: !strict
            ))]
        }
        let age = expiry.now - seconds
        // A date from the future (clock skew aside) cannot vouch for freshness either.
        if age < -86_400 {
            return [(.undated, Problem(
                kind: .undated, pointer: "/metadata/liftrec/recorded_at",
                message: "metadata.liftrec.recorded_at \(quoted(recordedAt)) is in the future, so --max-age cannot vouch for it; \(refresh)",
                isWarning: !strict
            ))]
        }
        guard age.isFinite, age > expiry.maxAge else { return [] }
        return [(.expired, Problem(
            kind: .expired, pointer: "/metadata/liftrec/recorded_at",
            message: "recorded \(DurationText.format(age)) ago (\(recordedAt)), older than --max-age \(DurationText.format(expiry.maxAge)); \(refresh)",
            details: JSONObject([
                ("recorded_at", .string(recordedAt)),
                ("age", .string(DurationText.format(age))),
                ("age_seconds", .number(JSONNumber(Int(min(age, 1e15))))),
                ("max_age_seconds", .number(JSONNumber(Int(min(expiry.maxAge, 1e15))))),
            ])
        ))]
    }

    /// True when nothing found is worse than a warning.
    var isClean: Bool {
        problems.allSatisfy(\.isWarning)
    }
}
