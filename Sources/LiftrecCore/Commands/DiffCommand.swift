/// `liftrec diff --against STORE`: compares the suite's fixtures with another store, case by case.
public struct DiffCommand: Sendable {
    /// Pointers whose differences do not count.
    public var ignore: [JSONPointer] = []
    /// Colour for the status words.
    public var style = TextStyle.plain

    /// A diff run with default options.
    public init() {}

    /// Compares each selected case's response in its store with the same key in `other`.
    public func run(_ workspace: Workspace, stores: [String: Store], against other: Store) throws(LiftrecError) -> CommandResult {
        var reports: [SuiteReport] = []
        var text = ""
        var counts: [CaseStatus: Int] = [:]
        for suite in workspace.selected {
            let store = stores[suite.storePath] ?? Store(path: suite.storePath, display: suite.storeDisplay)
            var report = SuiteReport(name: suite.name, store: suite.storeDisplay)
            text += "\(suite.name): \(suite.storeDisplay) vs \(other.display)\n"
            for suiteCase in suite.cases {
                let outcome = Self.compare(store.fixture(suiteCase.storeKey), other.fixture(suiteCase.storeKey),
                                           leftName: suite.storeDisplay, rightName: other.display, ignore: ignore)
                counts[outcome.status, default: 0] += 1
                let caseReport = CaseReport(key: suiteCase.key, status: outcome.status, problems: outcome.problems)
                text += TextReport.caseLine(caseReport, style: style)
                report.cases.append(caseReport)
            }
            reports.append(report)
        }
        let differing = counts.filter { $0.key != .same }.values.reduce(0, +)
        let statuses: [CaseStatus] = [.same, .changed, .reshaped, .missing]
        var summary = JSONObject()
        for status in statuses { summary[status.rawValue] = .number(JSONNumber(counts[status] ?? 0)) }
        let report = CommandReport(command: "diff", ok: differing == 0, suites: reports, summary: summary)
        text += "diff: " + statuses.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + "\n"
        return CommandResult(report: report, text: text, exitStatus: differing == 0 ? 0 : 1)
    }

    /// Classifies one pair of fixtures as `same`, `changed` (values only), `reshaped` (keys or types) or `missing`.
    public static func compare(
        _ left: Fixture?, _ right: Fixture?, leftName: String, rightName: String, ignore: [JSONPointer]
    ) -> (status: CaseStatus, problems: [Problem]) {
        guard let left, let right else {
            let absent = [left == nil ? leftName : nil, right == nil ? rightName : nil].compactMap { $0 }
            return (.missing, [Problem(kind: .missing, message: "no fixture in " + absent.joined(separator: " or "))])
        }
        let differences = JSONDiff.differences(from: left.response, to: right.response, ignoring: ignore)
        if differences.isEmpty { return (.same, []) }
        let reshaped = differences.contains { $0.kind != .changed }
        let problems = differences.map { difference in
            Problem(kind: Self.kindName(difference.kind), pointer: difference.pointer.description, message: difference.description)
        }
        return (reshaped ? .reshaped : .changed, problems)
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
