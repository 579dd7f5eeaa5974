/// A loaded `liftrec-suite/1` file: its cases, where its store lives and how to reach its endpoint.
struct Suite: Sendable {
    /// The suite's name, which is also its file name without `.json`.
    let name: String
    /// Free text describing the suite.
    let description: String?
    /// The suite file, as shown to the user (relative to the project root when inside it).
    let file: String
    /// The store file, absolute.
    let storePath: String
    /// The store file as shown to the user.
    let storeDisplay: String
    /// The endpoint named by the suite, used when no flag or environment variable names one.
    let endpoint: String?
    /// The endpoints the suite names per protocol (`"endpoint": {"openai-chat": URL, ...}`), which win over `endpoint`.
    let endpoints: [String: String]
    /// The model the endpoint is expected to serve.
    let model: String?
    /// Estimated cost of one request in US dollars, when known.
    let usdPerRequest: Double?
    /// The wire protocol its endpoint speaks.
    let wireProtocol: any WireProtocol
    /// The cases in file order.
    let cases: [SuiteCase]

    /// True for a suite `replay --serve --learn` wrote (`"origin": "learned"`), whose cases prune may remove.
    let isLearned: Bool

    /// The version tag this liftrec reads and writes.
    static let format = "liftrec-suite/1"

    /// The `origin` of a suite written by learning.
    static let learnedOrigin = "learned"
}
