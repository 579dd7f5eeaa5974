/// The commands liftrec suggests to repair a finding, each written once.
public enum RepairHint {
    /// `run 'liftrec record --suite S --only K'`: records a missing or stale case.
    public static func record(suite: String, key: String) -> String {
        "run 'liftrec record --suite \(suite) --only \(key)'"
    }

    /// `run 'liftrec record --all --suite S --only K'`: records a case again although its fixture is fresh.
    public static func rerecord(suite: String, key: String) -> String {
        "run 'liftrec record --all --suite \(suite) --only \(key)'"
    }

    /// `run 'liftrec record --adopt --suite S'`: adopts legacy entries.
    public static func adopt(suite: String) -> String {
        "run 'liftrec record --adopt --suite \(suite)'"
    }
}
