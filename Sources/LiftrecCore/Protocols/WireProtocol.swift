/// One wire protocol an endpoint speaks (DESIGN §6b): how a case becomes a request, how a request is fingerprinted,
/// where a reply keeps its parts, and where its routes and credentials are.
///
/// Commands reach every protocol-specific decision through this interface, never by switching on a protocol's name.
public protocol WireProtocol: Sendable {
    /// The suite's `protocol` value.
    var name: String { get }
    /// The paths the replay server answers this protocol's generate requests on.
    var requestPaths: [String] { get }
    /// The exact body sent for a case.
    func requestBody(prompt: String, schema: JSONValue, parameters: SamplingParameters) -> JSONValue
    /// The fingerprint of a case's request, from its parts; the schema is pre-serialised so cases can share it.
    func fingerprint(prompt: String, canonicalSchema: [UInt8], schemaSHA256: String?, parameters: SamplingParameters) throws(JSONCanonicalError) -> RequestFingerprint
    /// The fingerprint of a request body as the replay server receives it, with the protocol's defaults filled in.
    func fingerprint(incoming body: JSONObject) throws(JSONCanonicalError) -> RequestFingerprint
    /// Where a reply body keeps its structured output, finish reason, usage and error.
    func read(_ body: JSONObject) -> ReplyReading
    /// The URL of the cheap health check beside a generate URL.
    func healthURL(beside generateURL: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL
    /// The headers that authenticate a request, from the environment's variables; their values are secrets.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)]
}
