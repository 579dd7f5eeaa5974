/// The commands `liftrec` runs.
enum CommandName: String, Sendable, Equatable, CaseIterable {
    /// Record responses from the endpoint.
    case record
    /// Play stored responses back.
    case replay
    /// Compare stored responses with another store or the live endpoint.
    case diff
    /// Remove stored responses no case uses.
    case prune
    /// Check fixtures offline.
    case verify
    /// Combine shard stores into a suite's store.
    case merge
}
