/// A transport that refuses every request: what an environment built by hand gets unless it injects one, so a test
/// that forgets to can never reach the network.
struct OfflineTransport: HTTPTransport {
    /// A transport that sends nothing.
    init() {}

    /// Fails at once, naming the URL.
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        throw .other(url: request.url, code: 0, text: "this environment has no network; inject Environment.connect to reach an endpoint")
    }
}
