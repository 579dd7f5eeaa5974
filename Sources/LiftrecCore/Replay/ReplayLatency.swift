/// How long the replay server waits before sending a generate reply (`--latency`).
enum ReplayLatency: ReplayPace, Equatable {
    /// Answer at once.
    case none
    /// Wait as long as the endpoint took: the fixture's `generation_time_ms`.
    case recorded
    /// Wait this many milliseconds before every generate reply.
    case fixed(milliseconds: Int)

    /// Reads a duration with its unit (`200ms`, `1.5s`) up to one hour, to the millisecond; nil for anything else, a
    /// bare number included, since one used to mean milliseconds.
    init?(value text: String) {
        guard let seconds = try? DurationText.seconds(text, unitRequired: true, atMost: 3_600) else { return nil }
        self = .fixed(milliseconds: Int((seconds * 1_000).rounded()))
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
