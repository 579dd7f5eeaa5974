/// What the hosted chat APIs (OpenAI chat and Responses, Anthropic Messages) share: one API key, refusals as 4xx
/// error replies, `/v1/models` for health, no warm-up route, and a case that is the request itself.
protocol HostedChatAPI: WireProtocol {
    /// The variable holding the API key.
    var authVariable: String { get }
    /// Top-level request members that do not change the answer, left out of the fingerprint: a closed list.
    var ignoredMembers: Set<String> { get }
    /// A member as the fingerprint sees it, given its canonical value: renamed or rewritten where two spellings are
    /// one request to the endpoint (a closed list), else unchanged.
    func fingerprintMember(_ name: String, canonical: [UInt8]) -> (name: String, canonical: [UInt8])
    /// The body a case's shorthand builds: only the members it names (suite defaults merged in, `schema` resolved),
    /// plus `model` when the suite names one.
    func request(shorthand fields: JSONObject, model: String?) -> JSONObject
}

extension HostedChatAPI {
    /// The case's request body.
    func requestBody(_ request: CaseRequest) -> JSONValue {
        .object(request.body ?? JSONObject())
    }

    /// The fingerprint of the case's request, exactly as the replay server computes it for the same body.
    func fingerprint(_ request: CaseRequest) throws(JSONCanonicalError) -> RequestFingerprint {
        try fingerprint(incoming: request.body ?? JSONObject())
    }

    /// SHA-256 of `{"protocol", "request"}` in RFC 8785 form, where the request is every member but the ignored ones,
    /// rewritten where two spellings are one request; a request giving both spellings keeps the second under its own
    /// name, so it is never the same request as one that gives only the first.
    func fingerprint<Body: JSONNode>(incoming body: Body) throws(JSONCanonicalError) -> RequestFingerprint {
        var members: [(name: String, canonical: [UInt8])] = []
        var names: Set<String> = []
        for (name, _) in body.distinctMembers { names.insert(name) }
        for (name, value) in body.distinctMembers where !ignoredMembers.contains(name) {
            let canonical = try value.canonical()
            let member = fingerprintMember(name, canonical: canonical)
            members.append(member.name != name && names.contains(member.name) ? (name, canonical) : member)
        }
        return RequestFingerprint(protocolName: self.name, model: nil, requestMembers: members)
    }

    /// A `stream` member that is not true or false, which the APIs refuse.
    func requestProblem<Body: JSONNode>(_ body: Body) -> String? {
        guard let stream = body["stream"], stream.kind != .boolean else { return nil }
        return "'stream' must be true or false, not \(stream.value.brief(limit: 40))"
    }

    /// `{"protocol", "request"}`: the body in RFC 8785 form without the members the fingerprint ignores.
    func learnedCase(_ body: JSONObject, route: Route) throws(JSONCanonicalError) -> JSONObject {
        var request = JSONObject()
        for (name, value) in body.members where !ignoredMembers.contains(name) { request[name] = value }
        let canonical = try JSONWriter.canonical(.object(request))
        let normalized = (try? JSONParser.parse(canonical)) ?? .object(request)
        return JSONObject([("protocol", .string(self.name)), ("request", normalized)])
    }

    /// Never: a chat upstream is a base URL that request paths are joined to.
    func upstreamIsRoute(_ url: EndpointURL) -> Bool {
        false
    }

    /// True: the case is the request.
    var takesMessages: Bool { true }

    /// A 4xx other than auth, timeout and rate limit is the endpoint refusing the request: an error reply.
    func isErrorReply(status: Int) -> Bool {
        (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
    }

    /// The protocol's own reply shape around the response, as the simulator writes it: these protocols came after
    /// liftrec kept replies, so only a fixture written by hand has none.
    func rebuiltReply(response: JSONValue, facts: FixtureFacts?) -> JSONObject {
        let text = response.stringValue ?? String(decoding: JSONWriter.compact(response), as: UTF8.self)
        return simulatedReply(.answer(response, text: text, tokens: 0), to: SimulatedRequest(), generationMs: JSONNumber(0)).body
    }

    /// None: these APIs have no warm-up route.
    func warmupReply(model: String, backend: String) -> JSONObject? {
        nil
    }

    /// `GET {base}/v1/models`.
    func healthURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL {
        endpoint.route("/v1/models")
    }

    /// None: these APIs have no cold-start route.
    func warmupURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL? {
        nil
    }

    /// The first model `/v1/models` lists.
    func model(inHealth body: JSONObject) -> String? {
        body["data"]?.arrayValue?.first?["id"]?.stringValue
    }

    /// `"stream": true`.
    func asksForStream<Body: JSONNode>(_ request: Body) -> Bool {
        request["stream"]?.boolValue == true
    }

    /// The body with `"stream": true`; the stream reports usage unasked.
    func streamingRequest(_ body: JSONValue, countingUsage: Bool) -> JSONValue? {
        guard var object = body.objectValue else { return nil }
        object["stream"] = .bool(true)
        return .object(object)
    }

    /// None: a chat suite's endpoint comes from `--endpoint` or the suite, never from Modal's variables.
    var endpointVariables: [String] { [] }

    /// The key's variable.
    var credentialVariables: [String] { [authVariable] }

    /// Set the key's variable.
    var authFailureHint: String { "the API key was refused: set \(authVariable) (or the suite's auth_env) to a valid key" }

    /// `variable` pointing at the replay server, and a placeholder key where none is set, so official clients start.
    func clientVariables(_ variable: String, url: String, existing: [String: String]) -> [String: String] {
        var variables = [variable: url]
        if existing[authVariable]?.isEmpty ?? true { variables[authVariable] = ReplayUpstream.placeholderKey }
        return variables
    }
}
