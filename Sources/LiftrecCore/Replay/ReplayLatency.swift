/// How long the replay server waits before sending a generate reply (`--latency`).
public enum ReplayLatency: Sendable, Equatable {
    /// Answer at once.
    case none
    /// Wait as long as the endpoint took: the fixture's `generation_time_ms`.
    case recorded
    /// Wait this many milliseconds before every generate reply.
    case fixed(milliseconds: Int)

    /// Parses `none`, `recorded` or a whole number of milliseconds up to one hour.
    public init(parsing text: String) throws(LiftrecError) {
        switch text {
        case "none": self = .none
        case "recorded": self = .recorded
        default:
            guard let milliseconds = Int(text), (0...3_600_000).contains(milliseconds) else {
                throw .usage("--latency '\(text)': expected none, recorded, or a whole number of milliseconds from 0 to 3600000")
            }
            self = .fixed(milliseconds: milliseconds)
        }
    }

    /// Milliseconds to wait before a reply whose fixture reports `generationMs` (nil for replies without a fixture).
    func delay(generationMs: Double?) -> Double {
        switch self {
        case .none: return 0
        case .recorded: return max(0, min(generationMs ?? 0, 3_600_000))
        case .fixed(let milliseconds): return Double(milliseconds)
        }
    }
}
