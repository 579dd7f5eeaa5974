/// How the replay server paces the events of a streamed answer (`--stream-timing`).
enum ReplayStreamTiming: ReplayPace, Equatable {
    /// Every event at once, one after the other.
    case none
    /// Each event at its recorded offset from the request's start; events made from a content have none, so gaps of 0.
    case recorded
    /// The recorded offsets multiplied by this factor: `x0.1` plays ten times faster, `x2` half as fast.
    case scaled(Double)

    /// Reads `xFACTOR` with a factor from 0 to 100, such as `x0.1`; nil for anything else.
    init?(value text: String) {
        guard text.hasPrefix("x"), let factor = Double(text.dropFirst()), factor.isFinite, (0...100).contains(factor) else { return nil }
        self = .scaled(factor)
    }

    /// The milliseconds after the response starts that an event recorded `offsetMs` after the request is due.
    func delay(offsetMs: Double?) -> Double {
        switch self {
        case .none: return 0
        case .recorded: return max(0, offsetMs ?? 0)
        case .scaled(let factor): return max(0, (offsetMs ?? 0) * factor)
        }
    }
}
