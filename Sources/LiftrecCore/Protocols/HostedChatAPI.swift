/// What the OpenAI and Anthropic chat APIs share: one API key, refusals as 4xx error replies, `/v1/models` for
/// health, no warm-up route, and messages in the case.
public protocol HostedChatAPI: WireProtocol {
    /// The variable holding the API key.
    var authVariable: String { get }
    /// The request body for a case, as an object.
    func body(_ request: CaseRequest) -> JSONObject
}

extension HostedChatAPI {
    /// The case's body.
    public func requestBody(_ request: CaseRequest) -> JSONValue {
        .object(body(request))
    }

    /// The fingerprint of the semantic request the case's body carries, exactly as the replay server computes it.
    public func fingerprint(_ request: CaseRequest) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(incoming: body(request))
    }

    /// True: a case may give its own `messages` and `system`.
    public var takesMessages: Bool { true }

    /// A 4xx other than auth, timeout and rate limit is the endpoint refusing the request: an error reply.
    public func isErrorReply(status: Int) -> Bool {
        (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
    }

    /// The protocol's own reply shape around the response, as the simulator writes it: these protocols came after
    /// liftrec kept replies, so only a fixture written by hand has none.
    public func rebuiltReply(response: JSONValue, facts: FixtureFacts?) -> JSONObject {
        let text = response.stringValue ?? String(decoding: JSONWriter.compact(response), as: UTF8.self)
        return simulatedReply(.answer(response, text: text, tokens: 0), to: SimulatedRequest(), generationMs: JSONNumber(0)).body
    }

    /// None: these APIs have no warm-up route.
    public func warmupReply(model: String, backend: String) -> JSONObject? {
        nil
    }

    /// `GET {base}/v1/models`.
    public func healthURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL {
        endpoint.route("/v1/models")
    }

    /// None: these APIs have no cold-start route.
    public func warmupURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL? {
        nil
    }

    /// The first model `/v1/models` lists.
    public func model(inHealth body: JSONObject) -> String? {
        body["data"]?.arrayValue?.first?["id"]?.stringValue
    }

    /// `"stream": true`.
    public func asksForStream<Body: JSONNode>(_ request: Body) -> Bool {
        request["stream"]?.boolValue == true
    }

    /// The body with `"stream": true`.
    public func streamingRequest(_ body: JSONValue) -> JSONValue? {
        guard var object = body.objectValue else { return nil }
        object["stream"] = .bool(true)
        return .object(object)
    }

    /// A semantic request's member: the canonical form of `value` when the body has it, else of `fallback`.
    func member<Body: JSONNode>(
        _ name: String, _ value: Body?, else fallback: JSONValue = .null
    ) throws(JSONCanonicalError) -> (name: String, canonical: [UInt8]) {
        guard let value else { return (name, try JSONWriter.canonical(fallback)) }
        return (name, try value.canonical())
    }

    /// Fingerprints a semantic request of this protocol (its name is the `protocol` member) whose prompt is its
    /// `messages`, its schema `schema`, and its sampling `max_tokens`, `temperature` and `top_p`.
    func fingerprint(semanticMembers: [(name: String, canonical: [UInt8])]) -> RequestFingerprint {
        RequestFingerprint(
            semanticMembers: [("protocol", JSONWriter.compact(.string(name)))] + semanticMembers,
            promptPart: "messages", schemaPart: "schema", paramsParts: ["max_tokens", "temperature", "top_p"]
        )
    }

    /// None: a chat suite's endpoint comes from `--endpoint` or the suite, never from Modal's variables.
    public var endpointVariables: [String] { [] }

    /// The key's variable.
    public var credentialVariables: [String] { [authVariable] }

    /// Set the key's variable.
    public var authFailureHint: String { "the API key was refused: set \(authVariable) (or the suite's auth_env) to a valid key" }

    /// `variable` pointing at the replay server, and a placeholder key where none is set, so official clients start.
    func clientVariables(_ variable: String, url: String, existing: [String: String]) -> [String: String] {
        var variables = [variable: url]
        if existing[authVariable]?.isEmpty ?? true { variables[authVariable] = "liftrec-replay-placeholder" }
        return variables
    }
}
