/// One checked occurrence of an option on the command line.
public enum OptionValue: Sendable, Equatable {
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
}
