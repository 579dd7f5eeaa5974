/// Why `record` leaves a case alone.
enum SkipReason: String, Sendable {
    /// The fixture was recorded from the case's current request.
    case fresh
    /// A ResponseRecorder entry, which `--adopt` or `--all` handles.
    case legacy = "legacy: adopt with --adopt or re-record with --all"
    /// `--shard` gives the case to another shard.
    case otherShard = "other shard"
}
