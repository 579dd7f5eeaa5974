/// Why an HTTP exchange produced no response; every message names the URL without its credentials.
enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP library could not be loaded.
    case unavailable(library: String)
    /// A header name is not an HTTP token, or its value holds a line break or control character.
    case invalidHeader(url: EndpointURL, name: String)
    /// Nothing accepted the connection.
    case refused(url: EndpointURL, detail: String)
    /// The host name did not resolve.
    case dns(url: EndpointURL, detail: String)
    /// The TLS handshake or certificate check failed.
    case tls(url: EndpointURL, detail: String)
    /// No connection was established within the connect time limit.
    case connectTimeout(url: EndpointURL, seconds: Double)
    /// The whole exchange did not finish within the time limit.
    case timeout(url: EndpointURL, seconds: Double)
    /// The response, headers and body together, grew past the limit.
    case tooLarge(url: EndpointURL, limit: Int)
    /// The calling task was cancelled.
    case cancelled(url: EndpointURL)
    /// Any other failure, with libcurl's error code (0 when the failure is not libcurl's) and text.
    case other(url: EndpointURL, code: Int, text: String)

    /// The one-line explanation, with what to do next.
    var description: String {
        switch self {
        case .unavailable(let library):
            return "libcurl is not installed (\(library)); install the libcurl4 package to record or diff live"
        case .invalidHeader(let url, let name):
            return "header \(String(reflecting: name)) for \(url) has an invalid name or a line break or control "
                + "character in its value; fix where it comes from (environment or suite)"
        case .refused(let url, let detail):
            return "could not connect to \(url): \(detail); check that the endpoint is running and the URL is right"
        case .dns(let url, let detail):
            return "could not resolve the host of \(url): \(detail); check the URL and the network"
        case .tls(let url, let detail):
            return "TLS failed with \(url): \(detail); check the URL's scheme, and for a private CA pass --cacert FILE "
                + "or set SSL_CERT_FILE"
        case .connectTimeout(let url, let seconds):
            return "could not connect to \(url) within \(DurationText.format(seconds)); check the URL and the network"
        case .timeout(let url, let seconds):
            return "no complete response from \(url) within \(DurationText.format(seconds)); "
                + "raise the timeout or check the endpoint's health"
        case .tooLarge(let url, let limit):
            return "response from \(url) is larger than \(limit) bytes; check the endpoint or raise the limit"
        case .cancelled(let url):
            return "request to \(url) was cancelled"
        case .other(let url, let code, let text):
            return "request to \(url) failed: \(text)" + (code == 0 ? "" : " (libcurl error \(code))")
        }
    }
}
