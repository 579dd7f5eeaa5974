import Synchronization

/// Answers one request, once, immediately or later and from any thread; responses still go out in request order.
///
/// If the last reference is dropped without an answer, the client gets a 500, so no connection waits forever.
final class HTTPResponder: Sendable {
    /// Where the answer goes.
    private enum Destination: Sendable {
        /// The connection `ticket` names, through `loop`.
        case loop(EventLoop, EventLoop.Ticket)
        /// A handler called in-process, with no connection behind it.
        case handler(@Sendable (HTTPResponse) -> Void)
    }

    private let destination: Destination
    private let answered = Atomic<Bool>(false)

    /// A responder for the request `ticket` names, delivering through `loop`.
    init(loop: EventLoop, ticket: EventLoop.Ticket) {
        destination = .loop(loop, ticket)
    }

    /// A responder that hands the answer to `deliver`: a request handler run in-process, where the response itself,
    /// with the schedule of a streamed body's pieces, is what is looked at.
    init(delivering deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        destination = .handler(deliver)
    }

    deinit {
        if !answered.load(ordering: .acquiring) {
            send(.error(status: 500, message: "the request handler finished without answering; report this as a liftrec bug"))
        }
    }

    /// Sends `response` for this request; calls after the first are ignored.
    func respond(_ response: HTTPResponse) {
        guard answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        send(response)
    }

    private func send(_ response: HTTPResponse) {
        switch destination {
        case .loop(let loop, let ticket): loop.deliver(response, for: ticket)
        case .handler(let deliver): deliver(response)
        }
    }
}
