import Synchronization

/// Tracks estimated spend across concurrent calls and refuses a call that would take it past the limit.
final class CostBudget: Sendable {
    private let state = Mutex<(spent: Double, requests: Int)>((0, 0))
    /// The most the run may spend, in US dollars; nil for no limit.
    let limit: Double?

    /// A budget with an optional limit.
    init(limit: Double?) {
        self.limit = limit
    }

    /// Counts one request of `cost` dollars if it fits the limit; false means it must not be sent.
    func reserve(_ cost: Double) -> Bool {
        state.withLock { state in
            if let limit, state.spent + cost > limit + 1e-12 { return false }
            state.spent += cost
            state.requests += 1
            return true
        }
    }

    /// Estimated dollars spent so far.
    var spent: Double { state.withLock { $0.spent } }

    /// Requests sent so far.
    var requests: Int { state.withLock { $0.requests } }
}
