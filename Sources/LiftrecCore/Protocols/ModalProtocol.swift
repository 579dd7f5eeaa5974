/// The Modal web endpoint of lift-sys `modal_app.py` the default protocol.
struct ModalProtocol: WireProtocol {
    /// A Modal protocol.
    init() {}

    /// `modal`.
    var name: String { "modal" }

    /// `…/generate`, `…/health` and `…/warmup`, and `/` for label-style hosts whose first label names the route.
    func route(path: String) -> Route.Purpose? {
        if path == "/" || path.hasSuffix("/generate") { return .generate }
        if path.hasSuffix("/health") { return .health }
        if path.hasSuffix("/warmup") { return .warmup }
        return nil
    }

    /// None: an unknown path that looks like no other protocol's gets Modal's shape anyway, as the default.
    var unknownPathPrefixes: [String] { [] }

    /// `length`, and `json_error` after it when the cut answer no longer parses.
    func isTruncation(_ finishReason: String) -> Bool {
        finishReason == "length" || finishReason == "json_error"
    }

    /// The §5 body.
    var requestShape: String { #"a JSON object {"prompt", "schema", "max_tokens", "temperature", "top_p"}"# }

    /// False: the endpoint takes one prompt.
    var takesMessages: Bool { false }

    /// Nil: proxy auth is two variables, `MODAL_KEY` and `MODAL_SECRET`.
    func authenticating(with variable: String) -> (any WireProtocol)? {
        nil
    }

    /// `{"prompt", "schema", "max_tokens", "temperature", "top_p"}`, every field present.
    func requestBody(_ request: CaseRequest) -> JSONValue {
        RequestFingerprint.requestBody(prompt: request.prompt, schema: request.schema, parameters: request.parameters)
    }

    /// `{"error": message}`, as the replay server has always answered Modal clients.
    func errorBody(status: Int, message: String, extra: JSONObject) -> JSONObject {
        var body = JSONObject([("error", .string(message))])
        for (name, value) in extra.members { body[name] = value }
        return body
    }

    /// None: the endpoint reads what it can and answers missing fields itself.
    func requestProblem<Body: JSONNode>(_ body: Body) -> String? {
        nil
    }

    /// The §3 shorthand with every sampling field written out, so the suite's defaults can never make it another request.
    func learnedCase(_ body: JSONObject, route: Route) throws(JSONCanonicalError) -> JSONObject {
        var entry = JSONObject([("prompt", body["prompt"] ?? .null), ("schema", body["schema"] ?? .null)])
        for (field, fallback) in SamplingParameters.endpointDefaults.json.members { entry[field] = body[field] ?? fallback }
        return entry
    }

    /// A URL whose path names the generate route (`…/generate`) or whose host is label-style (`*--*.modal.run`) is
    /// the generate endpoint itself; any other is a base URL.
    func upstreamIsRoute(_ url: EndpointURL) -> Bool {
        url.path.hasSuffix("/generate") || (url.host.contains("--") && url.host.lowercased().hasSuffix(".modal.run"))
    }

    /// Structured output against the body's `schema`.
    func outputDemand(_ body: JSONObject) -> OutputDemand {
        var demand = OutputDemand()
        demand.schema = body["schema"]
        demand.json = true
        return demand
    }

    /// SHA-256 of that body in RFC 8785 form, with digests of the prompt, schema and sampling parts, as every Modal store since 0.1 records it.
    func fingerprint(_ request: CaseRequest) throws(JSONCanonicalError) -> RequestFingerprint {
        try RequestFingerprint(
            prompt: request.prompt, canonicalSchema: request.canonicalSchema, schemaSHA256: request.schemaSHA256, parameters: request.parameters
        )
    }

    /// The §5 fingerprint of a received body, absent fields taking the endpoint's defaults; read in place, so no
    /// tree of the body is built.
    func fingerprint<Body: JSONNode>(incoming body: Body) throws(JSONCanonicalError) -> RequestFingerprint {
        let defaults = SamplingParameters.endpointDefaults
        func number(_ name: String, _ fallback: JSONNumber) -> JSONNumber {
            body[name]?.numberValue ?? fallback
        }
        return try RequestFingerprint(
            prompt: body["prompt"]?.stringValue ?? "",
            canonicalSchema: try body["schema"]?.canonical() ?? Array("{}".utf8),
            parameters: SamplingParameters(
                maxTokens: number("max_tokens", defaults.maxTokens),
                temperature: number("temperature", defaults.temperature),
                topP: number("top_p", defaults.topP)
            )
        )
    }

    /// `ir_json` is the output; an `error` member that is not null makes an error reply.
    func read(_ body: JSONObject) -> ReplyReading {
        var reading = ReplyReading()
        reading.output = body["ir_json"]
        reading.outputMember = "ir_json"
        reading.finishReason = body["finish_reason"]?.stringValue
        reading.tokensUsed = body["tokens_used"]?.numberValue
        reading.generationTimeMs = body["generation_time_ms"]?.numberValue
        if let error = body["error"], !error.isNull {
            reading.error = error.stringValue ?? error.brief(limit: 200)
            reading.rawOutput = body["raw_output"]?.stringValue
        }
        return reading
    }

    /// Never: the endpoint does not stream.
    func asksForStream<Body: JSONNode>(_ request: Body) -> Bool {
        false
    }

    /// Nil: the endpoint does not stream.
    func streamEvents(of reply: JSONObject) -> [ServerSentEvent]? {
        nil
    }

    /// Nil: the endpoint does not stream.
    func streamingRequest(_ body: JSONValue, countingUsage: Bool) -> JSONValue? {
        nil
    }

    /// Nil: the endpoint does not stream.
    func assembleStream(_ events: [ServerSentEvent]) -> JSONObject? {
        nil
    }

    /// Never: the endpoint sends its error replies with HTTP 200, so any other status is a failed exchange.
    func isErrorReply(status: Int) -> Bool {
        false
    }

    /// The endpoint URL is the generate URL itself.
    func requestURL(endpoint: EndpointURL) -> EndpointURL {
        endpoint
    }

    /// The `health` sibling: `--health` for label-style hosts, `/health` beside `/generate`.
    func healthURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL {
        try endpoint.sibling(.health)
    }

    /// The `warmup` sibling, which waits out a cold start.
    func warmupURL(endpoint: EndpointURL) throws(EndpointURL.ParseError) -> EndpointURL? {
        try endpoint.sibling(.warmup)
    }

    /// Its `model` member.
    func model(inHealth body: JSONObject) -> String? {
        body["model"]?.stringValue
    }

    /// `prompt` must be present (an empty one is a prompt like any other, as on the real endpoint) and `schema` an object or boolean.
    func simulatedRequest(_ body: JSONObject) -> SimulatedRequest {
        var request = SimulatedRequest()
        if body["prompt"]?.stringValue == nil {
            request.missingField = "prompt"
        } else if let schema = body["schema"], schema.objectValue != nil || schema.boolValue != nil {
            request.schema = schema
        } else {
            request.missingField = "schema"
        }
        request.maxTokens = body["max_tokens"]?.numberValue?.intValue ?? 2048
        request.temperature = body["temperature"]?.numberValue?.doubleValue ?? SamplingParameters.endpointDefaults.temperature.doubleValue
        request.fingerprint = (try? fingerprint(incoming: body))?.request ?? ""
        return request
    }

    /// Modal's shapes, all HTTP 200: `ir_json` with usage, `Missing required field`, and `json_error` when a cut
    /// answer no longer parses.
    func simulatedReply(_ outcome: SimulatedOutcome, to request: SimulatedRequest, generationMs: JSONNumber) -> (status: Int, body: JSONObject) {
        switch outcome {
        case .invalid(let field, let message):
            let text = field.map { "Missing required field: \($0)" } ?? message
            return (200, JSONObject([("error", .string(text)), ("status", .number(JSONNumber(400)))]))
        case .answer(let answer, _, let tokens):
            return (200, JSONObject([
                ("ir_json", answer), ("tokens_used", .number(JSONNumber(tokens))),
                ("generation_time_ms", .number(generationMs)), ("finish_reason", .string("stop")),
            ]))
        case .cutOff(let text, let tokens):
            return (200, JSONObject([
                ("error", .string("Failed to parse JSON from model output: output ended after \(tokens) tokens")),
                ("raw_output", .string(text)), ("ir_json", .null), ("finish_reason", .string("json_error")),
            ]))
        case .truncated(let answer, _, let tokens):
            return (200, JSONObject([
                ("ir_json", answer), ("tokens_used", .number(JSONNumber(tokens))),
                ("generation_time_ms", .number(generationMs)), ("finish_reason", .string("length")),
            ]))
        }
    }

    /// `ir_json` with the facts' usage and finish reason, or the error reply the facts describe.
    func rebuiltReply(response: JSONValue, facts: FixtureFacts?) -> JSONObject {
        var reply = JSONObject()
        if let facts, facts.status == .error {
            reply["error"] = .string(facts.error ?? "error")
            reply["raw_output"] = facts.rawOutput.map(JSONValue.string) ?? .null
            reply["ir_json"] = .null
            reply["finish_reason"] = .string(facts.finishReason ?? "error")
            return reply
        }
        reply["ir_json"] = response
        reply["tokens_used"] = facts?.tokensUsed.map(JSONValue.number) ?? .null
        reply["generation_time_ms"] = facts?.generationTimeMs.map(JSONValue.number) ?? .null
        reply["finish_reason"] = .string(facts?.finishReason ?? "stop")
        return reply
    }

    /// `{"status": "healthy", "model", "gpu", "backend"}`.
    func healthReply(model: String, backend: String) -> JSONObject {
        JSONObject([("status", .string("healthy")), ("model", .string(model)), ("gpu", .string("none")), ("backend", .string(backend))])
    }

    /// `{"status": "warm", "model_loaded": true, "model", "backend"}`.
    func warmupReply(model: String, backend: String) -> JSONObject? {
        JSONObject([("status", .string("warm")), ("model_loaded", .bool(true)), ("model", .string(model)), ("backend", .string(backend))])
    }

    /// `MODAL_ENDPOINT_URL` and `LIFTREC_ENDPOINT`, both the server's generate URL.
    func clientVariables(origin: String, existing: [String: String]) -> [String: String] {
        ["MODAL_ENDPOINT_URL": origin + "/generate", "LIFTREC_ENDPOINT": origin + "/generate"]
    }

    /// `LIFTREC_ENDPOINT`, then `MODAL_ENDPOINT_URL`.
    var endpointVariables: [String] { ["LIFTREC_ENDPOINT", "MODAL_ENDPOINT_URL"] }

    /// `MODAL_KEY` and `MODAL_SECRET`.
    var credentialVariables: [String] { ["MODAL_KEY", "MODAL_SECRET"] }

    /// Set the proxy-auth variables.
    var authFailureHint: String { "Modal proxy auth failed: set MODAL_KEY and MODAL_SECRET" }

    /// `Modal-Key` and `Modal-Secret` from `MODAL_KEY` and `MODAL_SECRET`, when both are set.
    func authHeaders(_ variables: [String: String]) -> [(name: String, value: String)] {
        guard let key = variables["MODAL_KEY"], let secret = variables["MODAL_SECRET"], !key.isEmpty, !secret.isEmpty else { return [] }
        return [("Modal-Key", key), ("Modal-Secret", secret)]
    }
}
