import Synchronization

/// Answers one request, once, immediately or later and from any thread; responses still go out in request order.
///
/// If the last reference is dropped without an answer, the client gets a 500, so no connection waits forever.
public final class HTTPResponder: Sendable {
    private let loop: EventLoop
    private let ticket: EventLoop.Ticket
    private let answered = Atomic<Bool>(false)

    /// A responder for the request `ticket` names, delivering through `loop`.
    init(loop: EventLoop, ticket: EventLoop.Ticket) {
        self.loop = loop
        self.ticket = ticket
    }

    deinit {
        if !answered.load(ordering: .acquiring) {
            loop.deliver(.error(status: 500, message: "the request handler finished without answering; report this as a liftrec bug"), for: ticket)
        }
    }

    /// Sends `response` for this request; calls after the first are ignored.
    public func respond(_ response: HTTPResponse) {
        guard answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        loop.deliver(response, for: ticket)
    }
}
