/// What `verify` finds in one store entry: the report of each selected case it answers, or, for an entry no selected
/// case owns, whether it is an orphan and any secrets in it.
///
/// One check runs for each entry as the store is read, on every core, so nothing about an entry outlives its piece
/// of the file but these findings.
struct StoreEntryCheck: Sendable {
    /// The selected suites.
    let suites: [Suite]
    /// The selected cases that use the store, by store key: for each, its suite's index and its own.
    private let owners: [JSONObject.Name: [(suite: Int, position: Int)]]
    /// Every store key any suite of the project uses with this store.
    private let inUse: Set<String>
    private let strict: Bool
    private let expiry: FixtureCheck.Expiry?
    private let scanner: SecretScanner?

    /// What one entry holds for the report.
    struct Findings: Sendable {
        /// The reports of the selected cases the entry answers.
        var cases: [(suite: Int, position: Int, report: CaseReport)] = []
        /// True for an entry no case of any suite uses.
        var isOrphan = false
        /// The orphan finding and any secrets, for an entry no selected case checks.
        var storeProblems: [Problem] = []
    }

    /// A check of the entries of the store that the suites at `owners` (indices into `suites`) use.
    init(suites: [Suite], owners: [Int], inUse: Set<String>, strict: Bool, expiry: FixtureCheck.Expiry?, scanner: SecretScanner?) {
        self.suites = suites
        var byKey: [JSONObject.Name: [(suite: Int, position: Int)]] = [:]
        for suite in owners {
            for (position, suiteCase) in suites[suite].cases.enumerated() {
                byKey[JSONObject.Name(suiteCase.storeKey), default: []].append((suite, position))
            }
        }
        self.owners = byKey
        self.inUse = inUse
        self.strict = strict
        self.expiry = expiry
        self.scanner = scanner
    }

    /// The findings for `fixture`, the entry at `position` (from 0) in its store.
    func findings(_ fixture: Fixture, position: Int) -> Findings {
        var findings = Findings()
        if let owned = owners[JSONObject.Name(fixture.key)] {
            for (suite, index) in owned {
                let check = FixtureCheck(
                    suites[suite].cases[index], fixture: fixture, suiteName: suites[suite].name, strict: strict, expiry: expiry, scanner: scanner
                )
                findings.cases.append((suite, index, Self.report(check, strict: strict)))
            }
            return findings
        }
        if !inUse.contains(fixture.key) {
            findings.isOrphan = true
            let keyIsSecret = scanner?.firstMatch(in: fixture.key) != nil
            findings.storeProblems.append(Problem(
                kind: .orphan,
                message: "entry \(keyIsSecret ? "number \(position + 1)" : quoted(fixture.key)) is used by no case of any suite; run 'liftrec prune' to remove it",
                isWarning: !strict,
                details: keyIsSecret ? JSONObject([("position", .number(JSONNumber(position + 1)))]) : JSONObject([("key", .string(fixture.key))])
            ))
        }
        if let scanner { findings.storeProblems += FixtureCheck.secretProblems(in: fixture, scanner: scanner) }
        return findings
    }

    /// A case's line in the report, from the check of its fixture.
    static func report(_ check: FixtureCheck, strict: Bool) -> CaseReport {
        var details = JSONObject()
        if let repair = check.repair, !check.isClean || strict { details["repair"] = .string(repair) }
        if check.isSimulated { details["simulated"] = .bool(true) }
        return CaseReport(key: check.key, status: check.status, problems: check.problems, details: details)
    }
}
