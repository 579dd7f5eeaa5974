/// Applies `--only KEY` filters and rejects keys that no selected suite has.
enum CaseSelection {
    /// Fails with a usage error naming any `--only` key that is not a case of the selected suites.
    static func check(only: [String], in suites: [Suite]) throws(LiftrecError) {
        let known = suites.flatMap { $0.cases.map(\.key) }
        for key in only where !known.contains(key) {
            let hint = SpellingSuggestion.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw .usage("--only \(singleQuoted(key)) is not a case of the selected suites\(hint)")
        }
    }

    /// The cases named by `only`, or all of them when it is empty.
    static func filter(_ cases: [SuiteCase], only: [String]) -> [SuiteCase] {
        only.isEmpty ? cases : cases.filter { only.contains($0.key) }
    }

    /// The case positions in `indices`, grouped by the protocol (and credentials) their cases speak, in first-seen order.
    static func byProtocol(_ indices: [Int], of cases: [SuiteCase]) -> [(wireProtocol: any WireProtocol, indices: [Int])] {
        var groups: [(wireProtocol: any WireProtocol, indices: [Int])] = []
        for index in indices {
            let wireProtocol = cases[index].wireProtocol
            if let position = groups.firstIndex(where: {
                $0.wireProtocol.name == wireProtocol.name && $0.wireProtocol.credentialVariables == wireProtocol.credentialVariables
            }) {
                groups[position].indices.append(index)
            } else {
                groups.append((wireProtocol, [index]))
            }
        }
        return groups
    }
}
