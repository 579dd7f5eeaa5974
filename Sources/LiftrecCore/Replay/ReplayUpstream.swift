/// The live endpoint a replay server forwards its misses to (`--upstream`), and whether it records the replies.
public struct ReplayUpstream: Sendable {
    /// The client for the endpoint.
    public let client: EndpointClient
    /// The endpoint as stored with fixtures and shown in messages: never credentials or a query.
    public let name: String
    /// The model the endpoint reported, stored with recorded fixtures.
    public let model: String?
    /// True with `--record-missing`: replies to requests a case makes are validated and stored.
    public let records: Bool

    /// An upstream from its parts.
    public init(client: EndpointClient, name: String, model: String?, records: Bool) {
        self.client = client
        self.name = name
        self.model = model
        self.records = records
    }
}
