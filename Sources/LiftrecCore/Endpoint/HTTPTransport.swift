/// Sends one HTTP request and returns the whole response: the seam between the endpoint client and the network.
protocol HTTPTransport: Sendable {
    /// Sends `request` and returns its response whatever the status; throws only when no complete response arrived.
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse
}

/// The HTTP methods the endpoint protocol uses.
enum HTTPMethod: String, Sendable {
    /// For health and warm-up.
    case get = "GET"
    /// For generation, with a JSON body.
    case post = "POST"
}

/// One HTTP request, complete with its limits.
struct HTTPClientRequest: Sendable {
    var method: HTTPMethod
    var url: EndpointURL
    /// Header fields in order; the transport adds only `Host`, `Content-Length` and `Accept`.
    var headers: [(name: String, value: String)] = []
    /// The body, sent with `post`; ignored for `get`.
    var body: [UInt8] = []
    /// Seconds the whole exchange may take, connecting included.
    var timeout: Double
    /// Seconds establishing the connection may take (capped by `timeout`): an unreachable host fails after it even
    /// when `timeout` allows a cold start.
    var connectTimeout: Double = 10
    /// The largest response accepted, headers and body together, in bytes.
    var maxResponseBytes: Int
    /// A PEM file of CA certificates to trust for HTTPS besides the system's; nil for the system's alone.
    var caBundle: String? = nil
}

/// One complete HTTP response, whatever its status.
struct HTTPClientResponse: Sendable {
    /// The status code, e.g. 200; redirects are not followed, so 3xx arrives here too.
    var status: Int
    /// Header fields in the order received, names as sent.
    var headers: [(name: String, value: String)]
    /// The body bytes.
    var body: [UInt8]
    /// When each piece of the body arrived, in order; empty when the transport does not say.
    var arrivals: [BodyArrival] = []

}
