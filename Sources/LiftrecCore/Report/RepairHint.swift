/// The commands liftrec suggests to repair a finding, each written once.
enum RepairHint {
    /// `run 'liftrec record --suite S --only K'`: records a missing or stale case.
    static func record(suite: String, key: String) -> String {
        "run 'liftrec record --suite \(suite) --only \(key)'"
    }

    /// `run 'liftrec record --all --suite S --only K'`: records a case again although its fixture is fresh.
    static func rerecord(suite: String, key: String) -> String {
        "run 'liftrec record --all --suite \(suite) --only \(key)'"
    }

    /// `run 'liftrec record --adopt --suite S'`: adopts legacy entries.
    static func adopt(suite: String) -> String {
        "run 'liftrec record --adopt --suite \(suite)'"
    }

    /// The command that repairs a case whose most serious finding has `status`, or nil when nothing needs repair.
    ///
    /// `record` records again every fixture `verify` fails, so one command serves most findings; a legacy entry is
    /// adopted, and an undated one can only be recorded afresh.
    static func command(for status: CaseStatus, suite: String, key: String) -> String? {
        switch status {
        case .missing, .stale, .invalid, .truncated, .error, .unexpectedOK:
            return "liftrec record --suite \(suite) --only \(key)"
        case .expired, .secret, .undated:
            return "liftrec record --all --suite \(suite) --only \(key)"
        case .legacy:
            return "liftrec record --adopt --suite \(suite) --only \(key)"
        default:
            return nil
        }
    }
}
