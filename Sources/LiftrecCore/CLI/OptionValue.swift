/// One checked occurrence of an option on the command line.
enum OptionValue: Sendable, Equatable {
    /// A flag that was present.
    case flag
    /// Text, from a string or choice option.
    case string(String)
    /// A whole number already checked against its range.
    case integer(Int)
    /// A non-negative decimal number.
    case decimal(Double)
    /// A duration in seconds.
    case duration(Double)
    /// Shard `index` of `count`, 1-based.
    case shard(index: Int, count: Int)
    /// A replay delay.
    case latency(ReplayLatency)
    /// A stream's pace.
    case streamTiming(ReplayStreamTiming)

    /// The text of a string or choice value.
    var text: String? { if case .string(let text) = self { text } else { nil } }
    /// The number of an integer value.
    var integer: Int? { if case .integer(let number) = self { number } else { nil } }
    /// The number of a decimal or time-limit value.
    var decimal: Double? { if case .decimal(let number) = self { number } else { nil } }
    /// The seconds of a duration value.
    var duration: Double? { if case .duration(let seconds) = self { seconds } else { nil } }
    /// The parts of a shard value.
    var shard: (index: Int, count: Int)? { if case .shard(let index, let count) = self { (index, count) } else { nil } }
    /// The delay of a latency value.
    var latency: ReplayLatency? { if case .latency(let latency) = self { latency } else { nil } }
    /// The pace of a stream-timing value.
    var streamTiming: ReplayStreamTiming? { if case .streamTiming(let timing) = self { timing } else { nil } }
}
