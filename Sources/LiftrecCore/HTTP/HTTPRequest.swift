/// One HTTP request as the server received it.
struct HTTPRequest: Sendable {
    /// The method, such as `GET` or `POST`, exactly as sent.
    var method: String
    /// The request target exactly as sent, such as `/generate?x=1`.
    var target: String
    /// The target's path, not percent-decoded: `/generate` for `/generate?x=1` or `http://host/generate`.
    var path: String
    /// The target's query without the `?`, or nil when it has none.
    var query: String?
    /// The header fields in the order sent.
    var headers: HTTPHeaders
    /// The body, already decoded from chunked transfer coding.
    var body: [UInt8]

    /// A request whose path and query are taken from `target` (origin form `/p?q` or absolute form `http://h/p?q`).
    init(method: String, target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        let pathAndQuery = Self.pathAndQuery(of: target)
        let questionMark = pathAndQuery.firstIndex(of: "?")
        let path = questionMark.map { pathAndQuery[..<$0] } ?? pathAndQuery
        self.path = path.isEmpty ? "/" : String(path)
        self.query = questionMark.map { String(pathAndQuery[pathAndQuery.index(after: $0)...]) }
    }

    private static func pathAndQuery(of target: String) -> Substring {
        guard !target.hasPrefix("/"), let scheme = target.firstRange(of: "://") else { return target[...] }
        let afterAuthority = target[scheme.upperBound...]
        return afterAuthority[(afterAuthority.firstIndex { $0 == "/" || $0 == "?" } ?? afterAuthority.endIndex)...]
    }
}
