/// Applies `--only KEY` filters and rejects keys that no selected suite has.
public enum CaseSelection {
    /// Fails with a usage error naming any `--only` key that is not a case of the selected suites.
    public static func check(only: [String], in suites: [Suite]) throws(LiftrecError) {
        let known = suites.flatMap { $0.cases.map(\.key) }
        for key in only where !known.contains(key) {
            let hint = SpellingSuggestion.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw .usage("--only \(singleQuoted(key)) is not a case of the selected suites\(hint)")
        }
    }

    /// The cases named by `only`, or all of them when it is empty.
    public static func filter(_ cases: [SuiteCase], only: [String]) -> [SuiteCase] {
        only.isEmpty ? cases : cases.filter { only.contains($0.key) }
    }
}
