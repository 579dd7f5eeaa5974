import Synchronization

/// Spreads accepted connections over the running event loops, each new one to the loop holding the fewest.
///
/// Whichever loop the listener wakes accepts a whole burst of connections; left there, a benchmark's 64 connections
/// all landed on one loop, leaving the other core idle and every request queued behind the rest of its batch.
final class ConnectionBalancer: Sendable {
    private struct Member {
        let loop: EventLoop
        var connections = 0
    }

    private let members: Mutex<[Member?]>

    /// A balancer for `loopCount` loops, none running yet.
    init(loopCount: Int) {
        members = Mutex(Array(repeating: nil, count: loopCount))
    }

    /// Makes `loop`, in `slot`, a target for new connections; called as the server starts the loop.
    func join(_ loop: EventLoop, slot: Int) {
        members.withLock { $0[slot] = Member(loop: loop) }
    }

    /// Stops giving `slot` connections; called by the loop as it finishes, which also drops the reference to it.
    func leave(slot: Int) {
        members.withLock { $0[slot] = nil }
    }

    /// The running loop that gets a new connection, counted against it from now on; `slot` itself when it is the
    /// least loaded (or alone), so a tie costs no hand-off.
    func assign(from slot: Int) -> EventLoop? {
        members.withLock { members in
            var chosen = members[slot] == nil ? nil : slot
            for (index, member) in members.enumerated() {
                guard let member else { continue }
                if chosen.map({ member.connections < members[$0]!.connections }) ?? true { chosen = index }
            }
            guard let chosen else { return nil }
            members[chosen]!.connections += 1
            return members[chosen]!.loop
        }
    }

    /// Notes that a connection assigned to `slot` has closed.
    func release(slot: Int) {
        members.withLock { members in
            if members[slot] != nil { members[slot]!.connections -= 1 }
        }
    }
}
