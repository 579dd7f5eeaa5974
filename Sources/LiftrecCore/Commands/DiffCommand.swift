/// `liftrec diff --against STORE`: compares fixtures with another store, case by case, or two store files key by key.
struct DiffCommand: Sendable {
    /// Pointers whose differences do not count.
    var ignore: [JSONPointer] = []
    /// Colour for the status words.
    var style = TextStyle.plain
    /// Which differences make the exit status 1.
    var failOn = LiveDiffCommand.FailOn.changed

    /// A diff run with default options.
    init() {}

    /// Compares each selected case's fixture in `stores` (by the suite's store path) with the same key in `other`;
    /// a case that neither store holds is left out.
    func run(_ workspace: Workspace, stores: [String: Store], against other: Store) throws(LiftrecError) -> CommandResult {
        var reports: [SuiteReport] = []
        var text = ""
        for suite in workspace.selected {
            let store = stores[suite.storePath] ?? Store(path: suite.storePath, display: suite.storeDisplay)
            text += "\(suite.name): \(store.display) vs \(other.display)\n"
            let keys = suite.cases.map { (shown: $0.key, stored: $0.storeKey) }
            reports.append(compare(keys, store, other, suite: suite.name, text: &text))
        }
        return finish(reports, text: text)
    }

    /// Compares two store files key by key, for use outside any project: every key either holds.
    func run(_ left: Store, against other: Store) -> CommandResult {
        var text = "\(left.display) vs \(other.display)\n"
        var keys = left.keys
        keys += other.keys.filter { left.fixture($0) == nil }
        let report = compare(keys.map { ($0, $0) }, left, other, suite: left.display, text: &text)
        return finish([report], text: text)
    }

    private func compare(_ keys: [(shown: String, stored: String)], _ store: Store, _ other: Store, suite: String, text: inout String) -> SuiteReport {
        var report = SuiteReport(name: suite, store: store.display)
        for (shown, stored) in keys {
            let left = store.fixture(stored)
            let right = other.fixture(stored)
            if left == nil && right == nil { continue }
            let kinds = [left, right].map { (try? $0?.facts())??.output }
            let outcome = Self.compare(
                left, right, leftName: store.display, rightName: other.display, ignore: ignore,
                textOutput: kinds[0] == kinds[1] && kinds[0].map(Self.hasText) == true
            )
            let caseReport = CaseReport(key: shown, status: outcome.status, problems: outcome.problems)
            text += TextReport.caseLine(caseReport, style: style)
            report.cases.append(caseReport)
        }
        return report
    }

    private func finish(_ reports: [SuiteReport], text: String) -> CommandResult {
        var counts: [CaseStatus: Int] = [:]
        for report in reports { for caseReport in report.cases { counts[caseReport.status, default: 0] += 1 } }
        let statuses: [CaseStatus] = [.same, .changed, .reshaped, .missing] + (counts[.textChanged] == nil ? [] : [.textChanged])
        var summary = JSONObject()
        for status in statuses + [.textChanged] { summary[status.rawValue] = .number(JSONNumber(counts[status] ?? 0)) }
        let failing = counts.contains { failOn.fails($0.key) && $0.value > 0 }
        var report = CommandReport(command: "diff", ok: !failing, suites: reports, summary: summary)
        report.describeDifferences()
        let line = "diff: " + statuses.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + "\n"
        return CommandResult(report: report, text: text + line, exitStatus: failing ? 1 : 0)
    }

    /// Classifies one pair of fixtures as `same`, `changed` (values only), `reshaped` (keys or types) or `missing`.
    ///
    /// With `textOutput` (both text outputs of one kind), a change of the text alone is `text_changed`: text differs
    /// from sample to sample by nature, so only kind, truncation, errors, tool names and validity count by default.
    static func compare(
        _ left: Fixture?, _ right: Fixture?, leftName: String, rightName: String, ignore: [JSONPointer], textOutput: Bool = false
    ) -> (status: CaseStatus, problems: [Problem]) {
        guard let left, let right else {
            let absent = [left == nil ? leftName : nil, right == nil ? rightName : nil].compactMap { $0 }
            return (.missing, [Problem(kind: .missing, message: "no fixture in " + absent.joined(separator: " or "))])
        }
        let differences = JSONDiff.differences(from: left.response.value, to: right.response.value, ignoring: ignore)
        if differences.isEmpty { return (.same, []) }
        let reshaped = differences.contains { $0.kind != .changed }
        let problems = differences.map { difference in
            Problem(kind: Self.kindName(difference.kind), pointer: difference.pointer.description, message: difference.description)
        }
        let textOnly = textOutput && !reshaped && differences.allSatisfy { difference in
            let tokens = difference.pointer.tokens.drop { Int($0) != nil }
            return tokens.isEmpty || tokens == ["text"]
        }
        return (reshaped ? .reshaped : textOnly ? .textChanged : .changed, problems)
    }

    /// True for the output kinds that carry free text.
    static func hasText(_ kind: OutputKind) -> Bool {
        kind == .text || kind == .textAndToolCalls
    }
}

extension DiffCommand {
    /// The problem kind of a structural difference.
    static func kindName(_ kind: JSONDifference.Kind) -> ProblemKind {
        switch kind {
        case .changed: return .changed
        case .added: return .added
        case .removed: return .removed
        case .typeChanged: return .typeChanged
        }
    }
}
