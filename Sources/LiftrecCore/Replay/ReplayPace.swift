/// A replay option that is `none`, `recorded` or a value of its own (`--latency`, `--stream-timing`): the two words
/// are read in one place, and each option reads only its own values.
protocol ReplayPace: Sendable {
    /// Nothing is waited for.
    static var none: Self { get }
    /// The recording's own timing is kept.
    static var recorded: Self { get }
    /// The option's own value, from text that is neither word; nil when the text is not one.
    init?(value text: String)
}

extension ReplayPace {
    /// The words that stand for a pace besides a value.
    static var words: [String] { ["none", "recorded"] }

    /// Reads `none`, `recorded` or the option's own value; nil for anything else.
    init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "recorded": self = .recorded
        default:
            guard let value = Self(value: text) else { return nil }
            self = value
        }
    }
}
