/// What one call to the endpoint came to, classified four ways: reply, error reply, HTTP error, transport error.
enum EndpointOutcome: Sendable {
    /// HTTP 200 with `ir_json`: the endpoint answered.
    case reply(JSONObject)
    /// The endpoint failed and said why, in a body its protocol reads as an error reply, with the HTTP status it came
    /// with and the error text the protocol found in it.
    case errorReply(JSONObject, status: Int, message: String)
    /// Any other HTTP status, with `Retry-After` when given and the first bytes of the body (for 401, what to do instead).
    case httpError(status: Int, retryAfter: Double?, bodyHead: String, url: String)
    /// No usable HTTP answer: refused, DNS, TLS, timeout, or a 200 whose body is not a reply object.
    case transportError(String, retryable: Bool)

    /// True when trying again may help: 429, 5xx, timeouts and connection failures.
    var isRetryable: Bool {
        switch self {
        case .reply, .errorReply: return false
        case .httpError(let status, _, _, _): return status == 429 || status >= 500
        case .transportError(_, let retryable): return retryable
        }
    }

    /// True for an answer from the endpoint itself (a reply or an error reply), as opposed to a failed exchange.
    var isReply: Bool {
        switch self {
        case .reply, .errorReply: return true
        case .httpError, .transportError: return false
        }
    }

    /// A few words for verbose logs: `reply stop`, `error reply`, `HTTP 429`, `transport error`.
    var summary: String {
        switch self {
        case .reply: return "reply"
        case .errorReply: return "error reply"
        case .httpError(let status, _, _, _): return "HTTP \(status)"
        case .transportError(let message, _): return "no reply: \(message)"
        }
    }

    /// True for an HTTP 200 error reply.
    var isErrorReply: Bool {
        if case .errorReply = self { return true }
        return false
    }

    /// The server's requested wait before a retry, when it gave one.
    var retryAfter: Double? {
        if case .httpError(_, let retryAfter, _, _) = self { return retryAfter }
        return nil
    }

    /// One line describing a failed outcome; nil for a reply.
    var failureMessage: String? {
        switch self {
        case .reply:
            return nil
        case .errorReply(_, _, let message):
            return "error reply: \(message)"
        case .httpError(let status, _, let head, let url):
            if status == 401 { return head }
            return "HTTP \(status) from \(url)" + (head.isEmpty ? "" : ": \(head)")
        case .transportError(let message, _):
            return message
        }
    }
}
