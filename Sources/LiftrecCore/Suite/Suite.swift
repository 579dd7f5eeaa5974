/// A loaded `liftrec-suite/1` file: its cases, where its store lives and how to reach its endpoint.
public struct Suite: Sendable {
    /// The suite's name, which is also its file name without `.json`.
    public let name: String
    /// Free text describing the suite.
    public let description: String?
    /// The suite file, as shown to the user (relative to the project root when inside it).
    public let file: String
    /// The store file, absolute.
    public let storePath: String
    /// The store file as shown to the user.
    public let storeDisplay: String
    /// The endpoint named by the suite, used when no flag or environment variable names one.
    public let endpoint: String?
    /// The endpoints the suite names per protocol (`"endpoint": {"openai-chat": URL, ...}`), which win over `endpoint`.
    public let endpoints: [String: String]
    /// The model the endpoint is expected to serve.
    public let model: String?
    /// Estimated cost of one request in US dollars, when known.
    public let usdPerRequest: Double?
    /// The wire protocol its endpoint speaks.
    public let wireProtocol: any WireProtocol
    /// The cases in file order.
    public let cases: [SuiteCase]

    /// True for a suite `replay --serve --learn` wrote (`"origin": "learned"`), whose cases prune may remove.
    public let isLearned: Bool

    /// The version tag this liftrec reads and writes.
    public static let format = "liftrec-suite/1"

    /// The `origin` of a suite written by learning.
    public static let learnedOrigin = "learned"
}
