/// What a request path asks of the replay server or the simulator: which protocol answers it, for what purpose, and
/// the model and streaming the path itself names (protocols that put them in the body leave them nil and false).
struct Route: Sendable {
    /// What a route is for.
    enum Purpose: String, Sendable {
        /// A generate request: a case's request, answered from a fixture or the endpoint.
        case generate
        /// A cheap liveness check.
        case health
        /// Modal's cold-start trigger.
        case warmup
    }

    /// The protocol whose route it is.
    let wireProtocol: any WireProtocol
    /// What the request asks for.
    let purpose: Purpose
    /// The model named in the path, for protocols that name it there.
    var model: String?
    /// True when the path itself asks for a streamed reply.
    var streams = false

    /// The route of `wireProtocol` for `purpose`.
    init(_ wireProtocol: any WireProtocol, _ purpose: Purpose) {
        self.wireProtocol = wireProtocol
        self.purpose = purpose
    }
}
