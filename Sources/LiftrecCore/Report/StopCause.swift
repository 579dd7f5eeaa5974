/// Why a request was not sent or not finished, though nothing went wrong with it.
enum StopCause: String, Sendable {
    /// The `--max-cost` budget would have been exceeded.
    case budget
    /// SIGINT or SIGTERM arrived.
    case interrupted
    /// The journal could not be written, so a reply could not be kept.
    case journal

    /// The reason as a clause, "the --max-cost budget would be exceeded".
    var explanation: String {
        switch self {
        case .budget: return "the --max-cost budget would be exceeded"
        case .interrupted: return "interrupted before it completed"
        case .journal: return "not sent: the journal could not be written, so its reply could not have been kept"
        }
    }
}
