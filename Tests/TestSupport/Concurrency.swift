/// How many calls a fake endpoint is serving at once, and the most it ever served at once: what a test of bounded
/// concurrency asserts.
public struct Concurrency: Sendable {
    /// Calls begun and not yet ended.
    public private(set) var now = 0
    /// The largest `now` has been.
    public private(set) var most = 0

    public init() {}

    /// A call begins.
    public mutating func begin() {
        now += 1
        most = max(most, now)
    }

    /// A call ends.
    public mutating func end() {
        now -= 1
    }
}
