/// One wire protocol an endpoint speaks: how a case becomes a request, how a request is fingerprinted,
/// where a reply keeps its parts, and where its routes and credentials are.
///
/// Commands reach every protocol-specific decision through this interface, never by switching on a protocol's name.
protocol WireProtocol: Sendable {
    /// The suite's `protocol` value.
    var name: String { get }
    /// What a request to `path` asks of this protocol, or nil when the path is not one of its routes.
    func route(path: String) -> Route.Purpose?
    /// Path prefixes whose unknown routes look like this protocol's, so their replies take its error shape.
    var unknownPathPrefixes: [String] { get }
    /// True for chat protocols, whose case is the request itself rather than Modal's prompt, schema and
    /// sampling numbers.
    var takesMessages: Bool { get }
    /// The same protocol taking its API key from `variable` (a suite's `auth_env`); nil when its credentials are not one key.
    func authenticating(with variable: String) -> (any WireProtocol)?
    /// The request body the protocol expects, in a few words for error messages.
    var requestShape: String { get }
    /// An error reply in this protocol's own shape, so an official client raises its own exception with `message`;
    /// `extra` members (liftrec's `nearest`, `request_sha256`) sit beside the error.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject
    /// Why a received request body is malformed in a way the real API refuses with a 400, or nil.
    func requestProblem<Body: JSONNode>(_ body: Body) -> String?
    /// The case a learning server writes for a request body it learns on `route`, without its key.
    func learnedCase(_ body: JSONObject, route: Route) throws(JSONCanonicalError) -> JSONObject
    /// The model a request path names and whether it asks for a stream, for protocols that put them in the path.
    func pathDetails(_ path: String) -> (model: String?, streams: Bool)
    /// The fingerprint of a request body received on `route`, whose path may name the model.
    func fingerprint<Body: JSONNode>(incoming body: Body, route: Route) throws(JSONCanonicalError) -> RequestFingerprint
    /// The URL a case's request goes to, for protocols whose path names the model or the streaming.
    func requestURL(endpoint: EndpointURL, model: String?, streams: Bool) -> EndpointURL
    /// True when an upstream URL names this protocol's request route itself rather than a base URL to join paths to.
    func upstreamIsRoute(_ url: EndpointURL) -> Bool
    /// What a request body asks its reply to hold.
    func outputDemand(_ body: JSONObject) -> OutputDemand
    /// The exact body sent for a case.
    func requestBody(_ request: CaseRequest) -> JSONValue
    /// The fingerprint of a case's request, from its parts.
    func fingerprint(_ request: CaseRequest) throws(JSONCanonicalError) -> RequestFingerprint
    /// The fingerprint of a request body as the replay server receives it, with the protocol's defaults filled in; read
    /// in place, so answering a request builds no tree of its body.
    func fingerprint<Body: JSONNode>(incoming body: Body) throws(JSONCanonicalError) -> RequestFingerprint
    /// Where a reply body keeps its structured output, finish reason, usage and error.
    func read(_ body: JSONObject) -> ReplyReading
    /// True when a received request asks for its reply as a stream.
    func asksForStream<Body: JSONNode>(_ request: Body) -> Bool
    /// A complete reply body as the events of this protocol's stream, in order; nil when the protocol does not stream.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]?
    /// The events of `streamEvents(of:)` as they answer `request`, which may ask for more of them (OpenAI's usage).
    func streamEvents(of reply: JSONObject, answering request: JSONObject) -> [ServerSentEvent]?
    /// Whether a recorded event goes to a client making `request`: a recording may hold events liftrec asked for and
    /// the client did not.
    func replays<Body: JSONNode>(_ event: ServerSentEvent, answering request: Body) -> Bool
    /// The request body asking for the reply as a stream, and, with `countingUsage`, for the token usage where the
    /// protocol's stream leaves it out unless asked; nil when the protocol does not stream.
    func streamingRequest(_ body: JSONValue, countingUsage: Bool) -> JSONValue?
    /// The reply a stream of this protocol's events amounts to; nil when it ends before its final event.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject?
    /// True when an HTTP error status with a JSON body is the endpoint's error reply rather than a failed exchange.
    func isErrorReply(status: Int) -> Bool
    /// The URL generate requests go to, from the endpoint URL a suite or flag names.
    func requestURL(endpoint: EndpointURL) -> EndpointURL
    /// The URL of the cheap health check for an endpoint.
    func healthURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL
    /// The URL that wakes a cold endpoint, when the protocol has one.
    func warmupURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL?
    /// The model a health reply names.
    func model(inHealth body: JSONObject) -> String?
    /// The simulator's reading of a generate body.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest
    /// The simulator's answer in this protocol's reply shape, with its HTTP status.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject)
    /// The reply of a fixture recorded before liftrec kept replies, rebuilt from its response and facts.
    func rebuiltReply(response: JSONValue, facts: FixtureFacts?) -> JSONObject
    /// The health reply the simulator and the replay server give, naming `model` and the `backend` answering.
    func healthReply(model: String, backend: String) -> JSONObject
    /// The warm-up reply the simulator and the replay server give; nil when the protocol has no warm-up route.
    func warmupReply(model: String, backend: String) -> JSONObject?
    /// True when a finish reason in this protocol's words says the reply was cut short.
    func isTruncation(_ finishReason: String) -> Bool
    /// The variables that point this protocol's clients at a replay server on `origin` (`http://127.0.0.1:PORT`),
    /// given the ones already set: a key is only a placeholder, and only where none is set, so official clients start.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String]
    /// The environment variables that may choose this protocol's endpoint, after `--endpoint` and before the suite's.
    var endpointVariables: [String] { get }
    /// The environment variables its credentials come from, which tell two configurations of one protocol apart.
    var credentialVariables: [String] { get }
    /// What to do when the endpoint answers 401, naming the variables the credentials come from.
    var authFailureHint: String { get }
    /// The headers that authenticate a request, from the environment's variables; their values are secrets.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)]
}

extension WireProtocol {
    /// None: the body names the model and the streaming.
    func pathDetails(_ path: String) -> (model: String?, streams: Bool) {
        (nil, false)
    }

    /// The body's own fingerprint: the path names nothing.
    func fingerprint<Body: JSONNode>(incoming body: Body, route: Route) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(incoming: body)
    }

    /// The protocol's one request URL.
    func requestURL(endpoint: EndpointURL, model: String?, streams: Bool) -> EndpointURL {
        requestURL(endpoint: endpoint)
    }

    /// `fingerprint(incoming:)` of a body held as an object.
    func fingerprint(incoming body: JSONObject) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(incoming: JSONValue.object(body))
    }

    /// The reply's events: the request changes nothing.
    func streamEvents(of reply: JSONObject, answering request: JSONObject) -> [ServerSentEvent]? {
        streamEvents(of: reply)
    }

    /// Every recorded event: the protocol's streams hold nothing a request must ask for.
    func replays<Body: JSONNode>(_ event: ServerSentEvent, answering request: Body) -> Bool {
        true
    }

    /// `asksForStream(_:)` of a request held as an object.
    func asksForStream(_ request: JSONObject) -> Bool {
        asksForStream(JSONValue.object(request))
    }
}
