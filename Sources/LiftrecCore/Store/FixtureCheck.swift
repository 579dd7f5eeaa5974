/// Checks one stored fixture against the case that owns it: presence, freshness, reply status and schema.
public struct FixtureCheck: Sendable {
    /// The status word: the most serious finding, or `ok`.
    public let status: Status
    /// Every finding, most serious first.
    public let problems: [Problem]
    /// The fixture's facts, when it has readable ones.
    public let facts: FixtureFacts?

    /// A case's status, ordered from most to least serious.
    public enum Status: String, Sendable, Comparable, CaseIterable {
        case missing
        case error
        case unexpectedOK = "unexpected_ok"
        case truncated
        case stale
        case invalid
        case legacy
        case ok

        public static func < (lhs: Status, rhs: Status) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Checks `fixture` (nil when absent) against `suiteCase`; `strict` makes a legacy entry an error.
    public init(_ suiteCase: SuiteCase, fixture: Fixture?, suiteName: String, strict: Bool) {
        guard let fixture else {
            status = .missing
            facts = nil
            problems = [Problem(
                kind: "missing",
                message: "no fixture in the store; run 'liftrec record --suite \(suiteName) --only \(suiteCase.key)'"
            )]
            return
        }
        var found: [(Status, Problem)] = []
        var facts: FixtureFacts?
        do {
            facts = try fixture.facts()
        } catch {
            found.append((.invalid, Problem(kind: "metadata", pointer: "/metadata/liftrec", message: "\(error.message); re-record the case")))
        }
        if fixture.isLegacy {
            found.append((.legacy, Problem(
                kind: "legacy",
                message: "recorded without liftrec metadata (ResponseRecorder); run 'liftrec record --adopt --suite \(suiteName)' to adopt it",
                isWarning: !strict
            )))
        }
        if let facts, facts.requestSHA256 != suiteCase.fingerprint.request {
            var changed = suiteCase.fingerprint.changedParts(prompt: facts.promptSHA256, schema: facts.schemaSHA256, params: facts.paramsSHA256)
            if changed.isEmpty { changed = ["request"] }
            found.append((.stale, Problem(
                kind: "stale",
                message: "the case's \(changed.joined(separator: " and ")) changed since it was recorded; run 'liftrec record --suite \(suiteName) --only \(suiteCase.key)'",
                details: JSONObject([("changed", .array(changed.map(JSONValue.string)))])
            )))
        }
        let isErrorReply = facts.map { $0.status == .error } ?? (fixture.isLegacy && fixture.response.isNull)
        switch (suiteCase.expect, isErrorReply) {
        case (.ok, true):
            let text = facts?.error.map { ": \(quoted(String($0.prefix(200))))" } ?? ""
            found.append((.error, Problem(kind: "error", message: "the stored reply is an error where a result was expected\(text)")))
        case (.error, false):
            found.append((.unexpectedOK, Problem(kind: "unexpected_ok", message: "the stored reply is a result where the case expects an error")))
        case (.ok, false):
            if let reason = facts?.finishReason, reason == "length" || reason == "json_error" {
                found.append((.truncated, Problem(
                    kind: "truncated",
                    message: "finish_reason is \(quoted(reason)): the reply was cut short; raise max_tokens and re-record",
                    details: JSONObject([("finish_reason", .string(reason))])
                )))
            }
            for violation in suiteCase.compiledSchema.validate(fixture.response) {
                found.append((.invalid, Problem(kind: "schema", pointer: violation.pointer.description, message: violation.description)))
            }
        case (.error, true):
            break
        }
        let ranked = found.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        let serious = ranked.first { !$0.1.isWarning }
        status = serious?.0 ?? (ranked.isEmpty ? .ok : ranked[0].0)
        problems = ranked.map(\.1)
        self.facts = facts
    }

    /// True when nothing found is worse than a warning.
    public var isClean: Bool {
        problems.allSatisfy(\.isWarning)
    }
}
