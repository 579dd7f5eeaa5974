/// The client for every protocol: calls an endpoint's generate, health and warm-up routes over an `HTTPTransport`.
struct EndpointClient: Sendable {
    /// How requests travel: libcurl for real endpoints, the simulator in-process for `sim`.
    let transport: any HTTPTransport
    /// The generate URL.
    let generateURL: EndpointURL
    /// The protocol the endpoint speaks, which finds the parts of its replies.
    let wireProtocol: any WireProtocol
    /// Headers added to every request (proxy auth); their values are secrets.
    let authHeaders: [(name: String, value: String)]
    /// Seconds a generate call may take.
    var timeout: Double
    /// Seconds the warm-up call may take (a cold start takes minutes).
    var warmupTimeout: Double
    /// A PEM file of CA certificates to trust besides the system's, for an endpoint behind a private CA.
    var caBundle: String?
    /// Generate requests ask for the reply as a stream, in protocols that stream (`record --stream`).
    var streams = false

    /// Replies larger than this are refused rather than buffered without bound.
    static let maxReplyBytes = 32 << 20

    /// A client for `generateURL` speaking `wireProtocol`, with the auth headers it takes from `variables`.
    init(
        transport: any HTTPTransport, generateURL: EndpointURL, wireProtocol: any WireProtocol, variables: [String: String],
        timeout: Double, warmupTimeout: Double
    ) {
        self.transport = transport
        self.generateURL = generateURL
        self.wireProtocol = wireProtocol
        authHeaders = wireProtocol.authHeaders(variables)
        self.timeout = timeout
        self.warmupTimeout = warmupTimeout
    }

    /// POSTs `body` to the generate route and classifies what came back.
    func generate(_ body: JSONValue) async -> EndpointOutcome {
        await exchange(body).outcome
    }

    /// POSTs `body` to the generate route, as a stream when `streams` is set and the protocol streams, and classifies
    /// what came back; a streamed reply is the reply its events amount to, and its events are given with their offsets.
    ///
    /// A stream that ends before its protocol's final event is a failed exchange, never a reply. `countingUsage` asks
    /// the stream for token usage where the protocol sends it only when asked: only for a request liftrec built.
    func exchange(_ body: JSONValue, model: String? = nil, countingUsage: Bool = false) async -> (outcome: EndpointOutcome, stream: RecordedStream?) {
        let streamed = streams ? wireProtocol.streamingRequest(body, countingUsage: countingUsage) : nil
        let request = HTTPClientRequest(
            method: .post, url: wireProtocol.requestURL(endpoint: generateURL, model: model, streams: streamed != nil),
            headers: authHeaders + [("Content-Type", "application/json")] + (streamed == nil ? [] : [("Accept", "text/event-stream")]),
            body: JSONWriter.compact(streamed ?? body), timeout: timeout, maxResponseBytes: Self.maxReplyBytes, caBundle: caBundle
        )
        let exchanged = await exchange(request, streamed: streamed != nil)
        return (exchanged.outcome, exchanged.stream)
    }

    /// Sends a client's request body as it came to `url` with `headers` (the replay server's `--upstream`), and
    /// classifies the reply as `exchange(_:)` does; the response as received is returned too, to be relayed exactly.
    func forward(
        _ body: [UInt8], to url: EndpointURL, headers: [(name: String, value: String)], streamed: Bool
    ) async -> (outcome: EndpointOutcome, stream: RecordedStream?, response: HTTPClientResponse?) {
        let request = HTTPClientRequest(
            method: .post, url: url, headers: headers, body: body, timeout: timeout, maxResponseBytes: Self.maxReplyBytes, caBundle: caBundle
        )
        return await exchange(request, streamed: streamed)
    }

    // Sends a generate request and classifies the reply; a streamed reply is the reply its events amount to.
    private func exchange(
        _ request: HTTPClientRequest, streamed: Bool
    ) async -> (outcome: EndpointOutcome, stream: RecordedStream?, response: HTTPClientResponse?) {
        let response: HTTPClientResponse
        switch await send(request) {
        case .success(let received): response = received
        case .failure(let failure): return (failure.outcome, nil, nil)
        }
        let isEventStream = response.headers.contains { $0.name.lowercased() == "content-type" && $0.value.lowercased().hasPrefix("text/event-stream") }
        guard streamed, response.status == 200, isEventStream else {
            return (classify(response, to: request, expectingGenerate: true), nil, response)
        }
        let events = ServerSentEventReader.events(in: response.body, arrivals: response.arrivals)
        guard let reply = wireProtocol.assembleStream(events.map(\.event)) else {
            let last = events.last.map { " (the last of its \(events.count) events was \($0.event.name ?? String($0.event.data.prefix(40))))" } ?? " (no events)"
            return (.transportError("the stream from \(request.url.redacted) ended before its final event\(last); it is not a complete reply", retryable: true), nil, response)
        }
        var assembled = response
        assembled.body = JSONWriter.compact(.object(reply))
        return (classify(assembled, to: request, expectingGenerate: true), RecordedStream(events: events), response)
    }

    /// GETs the health route (cheap: no GPU).
    func health() async -> EndpointOutcome {
        await get({ () throws(EndpointURL.ParseError) in try wireProtocol.healthURL(endpoint: generateURL) }, timeout: min(timeout, 60))
    }

    /// True when the protocol has a warm-up route, as Modal's cold-starting endpoints do.
    var warmsUp: Bool {
        (try? wireProtocol.warmupURL(endpoint: generateURL)) != nil
    }

    /// GETs the warm-up route, which waits for a cold start.
    func warmup() async -> EndpointOutcome {
        await get({ () throws(EndpointURL.ParseError) in
            guard let url = try wireProtocol.warmupURL(endpoint: generateURL) else { return try wireProtocol.healthURL(endpoint: generateURL) }
            return url
        }, timeout: warmupTimeout)
    }

    private func get(_ route: () throws(EndpointURL.ParseError) -> EndpointURL, timeout: Double) async -> EndpointOutcome {
        let url: EndpointURL
        do {
            url = try route()
        } catch {
            return .transportError(error.description, retryable: false)
        }
        let request = HTTPClientRequest(
            method: .get, url: url, headers: authHeaders, timeout: timeout, maxResponseBytes: 1 << 20, caBundle: caBundle
        )
        return await classify(request, expectingGenerate: false)
    }

    // The error text of an error reply as its protocol reads it, with the start of the raw output it may carry.
    private func errorMessage(_ body: JSONObject) -> String? {
        let reading = wireProtocol.read(body)
        guard let error = reading.error else { return nil }
        guard let raw = reading.rawOutput, !raw.isEmpty else { return error }
        return error + "; raw_output begins \(quoted(String(raw.prefix(120))))"
    }

    // A failed exchange, as the outcome it comes to.
    private struct Failure: Error {
        let outcome: EndpointOutcome
    }

    private func send(_ request: HTTPClientRequest) async -> Result<HTTPClientResponse, Failure> {
        do {
            return .success(try await transport.send(request))
        } catch {
            switch error {
            case .unavailable, .invalidHeader, .tls, .tooLarge, .cancelled:
                return .failure(Failure(outcome: .transportError(error.description, retryable: false)))
            default:
                return .failure(Failure(outcome: .transportError(error.description, retryable: true)))
            }
        }
    }

    private func classify(_ request: HTTPClientRequest, expectingGenerate: Bool) async -> EndpointOutcome {
        switch await send(request) {
        case .success(let response): return classify(response, to: request, expectingGenerate: expectingGenerate)
        case .failure(let failure): return failure.outcome
        }
    }

    private func classify(_ response: HTTPClientResponse, to request: HTTPClientRequest, expectingGenerate: Bool) -> EndpointOutcome {
        if expectingGenerate, response.status != 200, wireProtocol.isErrorReply(status: response.status),
           let body = try? JSONParser.parse(response.body), let object = body.objectValue, let message = errorMessage(object) {
            return .errorReply(object, status: response.status, message: message)
        }
        guard response.status == 200 else {
            let retryAfter = response.headers.first { $0.name.lowercased() == "retry-after" }.flatMap { Double($0.value.trimmingSpaces) }
                .flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            let head = response.status == 401 ? wireProtocol.authFailureHint : String(decoding: response.body.prefix(200), as: UTF8.self)
                .unicodeScalars.map { $0.value < 0x20 ? " " : String($0) }.joined()
            return .httpError(status: response.status, retryAfter: retryAfter, bodyHead: head, url: request.url.redacted)
        }
        guard let body = try? JSONParser.parse(response.body), let object = body.objectValue else {
            return .transportError("HTTP 200 from \(request.url) but the body is not a JSON object", retryable: false)
        }
        guard expectingGenerate else {
            guard let error = object["error"], !error.isNull else { return .reply(object) }
            return .errorReply(object, status: response.status, message: error.stringValue ?? error.brief(limit: 200))
        }
        let reading = wireProtocol.read(object)
        if let message = errorMessage(object) { return .errorReply(object, status: response.status, message: message) }
        if reading.output == nil && reading.choices.isEmpty && !(reading.finishReason.map(wireProtocol.isTruncation) ?? false) {
            let member = reading.outputMember ?? "output"
            return .transportError("HTTP 200 from \(request.url) but the reply has neither \(member) nor error", retryable: false)
        }
        return .reply(object)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
