import Synchronization

/// The embedded simulator: answers generate and health in every protocol, and Modal's warm-up, deterministically and offline.
///
/// It is an `HTTPTransport`, so `--endpoint sim` runs it in-process behind the real client, and the tests serve the
/// same object over loopback HTTP to exercise the libcurl path.
final class SimulatedEndpoint: HTTPTransport {
    /// The URL the in-process client is pointed at; the simulator routes by path, so the host is never resolved.
    static let generateURL: EndpointURL = {
        do { return try EndpointURL(parsing: "http://liftrec-simulator.invalid/generate") } catch { fatalError("constant URL") }
    }()

    /// The origin every protocol's requests to the in-process simulator are joined to.
    static let origin: EndpointURL = {
        do { return try EndpointURL(parsing: "http://liftrec-simulator.invalid") } catch { fatalError("constant URL") }
    }()

    /// The model name the simulator reports: never a real model, so simulated fixtures cannot pass for real ones.
    static let model = "liftrec-simulator"

    // The shape of a text answer: a few words, so a text reply is never empty.
    private static let sentence = JSONValue.object(JSONObject([("type", .string("string")), ("minLength", .number(JSONNumber(12))), ("maxLength", .number(JSONNumber(60)))]))

    /// The backend name its health and warm-up replies give.
    static let backend = "liftrec-simulator"

    /// Its settings.
    let settings: SimulatorSettings
    private let state = Mutex<(requests: Int, warm: Bool)>((0, false))

    /// A simulator with `settings`.
    init(settings: SimulatorSettings) {
        self.settings = settings
    }

    /// Answers one request as the endpoint would, after the configured latency.
    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        let keyed = !SecretRedactor.clientKeys(headers: HTTPHeaders(request.headers), query: request.url.query).isEmpty
        let (response, delay) = answer(method: request.method, path: request.url.path, host: request.url.host, body: request.body, carriesKey: keyed)
        if delay > request.timeout {
            try? await Task.sleep(nanoseconds: UInt64(request.timeout * 1e9))
            throw .timeout(url: request.url, seconds: request.timeout)
        }
        if delay > 0 {
            do {
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            } catch {
                throw .cancelled(url: request.url)
            }
        }
        return response
    }

    /// The response to a request and how long the endpoint takes to give it (cold start and latency).
    ///
    /// Synchronous, so a server can answer from its own threads and schedule the delay however it likes.
    func answer(
        method: HTTPMethod, path: String, host: String, body: [UInt8], carriesKey: Bool = true
    ) -> (response: HTTPClientResponse, delay: Double) {
        guard let route = WireProtocols.route(method: method.rawValue, path: path, host: host) else {
            return (Self.json(404, ["error": .string("no route for \(method.rawValue) \(path)")]), 0)
        }
        let wireProtocol = route.wireProtocol
        switch (route.purpose, method) {
        case (.generate, .post) where settings.requiresKey && !carriesKey:
            let message = "simulated authentication failure: the request carries no API key (auth=required)"
            return (Self.reply((401, wireProtocol.errorBody(status: 401, message: message, extra: JSONObject()))), 0)
        case (.generate, .post):
            return (generate(body, speaking: wireProtocol, streams: route.streams), coldStartDelay() + settings.latency)
        case (.health, .get):
            return (Self.reply((200, wireProtocol.healthReply(model: Self.model, backend: Self.backend))), 0)
        case (.warmup, .get):
            return (Self.reply((200, wireProtocol.warmupReply(model: Self.model, backend: Self.backend) ?? JSONObject())), coldStartDelay())
        default:
            return (Self.json(405, ["error": .string("\(path) does not answer \(method.rawValue)")]), 0)
        }
    }

    /// The reply to a generate body in `wireProtocol`, without latency: faults by request count, then the endpoint's own rules.
    func generate(_ body: [UInt8], speaking wireProtocol: any WireProtocol, streams pathStreams: Bool = false) -> HTTPClientResponse {
        let number = state.withLock { state in
            state.requests += 1
            return state.requests
        }
        if settings.failEvery > 0 && number % settings.failEvery == 0 {
            return Self.json(500, ["error": .string("simulated internal server error (fail-every=\(settings.failEvery))")])
        }
        if settings.rateLimitEvery > 0 && number % settings.rateLimitEvery == 0 {
            var response = Self.json(429, ["error": .string("simulated rate limit (rate-limit-every=\(settings.rateLimitEvery))")])
            response.headers.append(("Retry-After", Self.seconds(settings.retryAfter)))
            return response
        }
        guard let parsed = try? JSONParser.parse(body), let fields = parsed.objectValue else {
            return Self.reply(wireProtocol.simulatedReply(.invalid(field: nil, message: "Invalid JSON body"), to: SimulatedRequest(), generationMs: JSONNumber(0)))
        }
        let request = wireProtocol.simulatedRequest(fields)
        let milliseconds = JSONNumber(text: String(Double(Int(settings.latency * 10_000)) / 10))
        if let missing = request.missingField {
            return Self.reply(wireProtocol.simulatedReply(.invalid(field: missing, message: "Missing required field: \(missing)"), to: request, generationMs: milliseconds))
        }
        // Sampling above temperature 0 varies between calls, as a real model does; at 0 it is repeatable.
        let salt = request.temperature > 0 ? request.fingerprint + "#\(number)" : request.fingerprint
        let sampler = SchemaSampler(seed: settings.seed, salt: salt)
        let answer = request.output == .text ? .string("Simulated answer: " + (sampler.sample(Self.sentence).stringValue ?? "")) : sampler.sample(request.schema)
        let text = answer.stringValue.flatMap { request.output == .text ? $0 : nil } ?? String(decoding: JSONWriter.compact(answer), as: UTF8.self)
        let maxTokens = request.maxTokens
        let outcome: SimulatedOutcome
        if settings.truncateUnder > 0 && maxTokens < settings.truncateUnder {
            outcome = maxTokens * 2 < settings.truncateUnder
                ? .cutOff(text: String(decoding: text.utf8.prefix(maxTokens * 4), as: UTF8.self), tokens: maxTokens)
                : .truncated(answer, text: text, tokens: maxTokens)
        } else {
            outcome = .answer(answer, text: text, tokens: max(1, text.utf8.count / 4))
        }
        let reply = wireProtocol.simulatedReply(outcome, to: request, generationMs: milliseconds)
        guard wireProtocol.asksForStream(fields) || pathStreams, reply.status == 200, let events = wireProtocol.streamEvents(of: reply.body, answering: fields) else {
            return Self.reply(reply)
        }
        let cut = settings.cutStreamEvery > 0 && number % settings.cutStreamEvery == 0
        return stream(cut ? Array(events.dropLast()) : events)
    }

    // The events as a `text/event-stream` body, each arriving `streamGap` after the one before; a server may send
    // them at those offsets.
    private func stream(_ events: [ServerSentEvent]) -> HTTPClientResponse {
        var body: [UInt8] = []
        var arrivals: [BodyArrival] = []
        for (index, event) in events.enumerated() {
            body += event.bytes
            arrivals.append(BodyArrival(end: body.count, offsetMs: Double(index) * settings.streamGap * 1000))
        }
        return HTTPClientResponse(status: 200, headers: [("Content-Type", "text/event-stream")], body: body, arrivals: arrivals)
    }

    private static func reply(_ reply: (status: Int, body: JSONObject)) -> HTTPClientResponse {
        HTTPClientResponse(status: reply.status, headers: [("Content-Type", "application/json")], body: JSONWriter.compact(.object(reply.body)))
    }

    // The first call pays the cold start; every later one finds the endpoint warm.
    private func coldStartDelay() -> Double {
        let cold = state.withLock { state in
            defer { state.warm = true }
            return !state.warm
        }
        return cold ? settings.coldStart : 0
    }

    private static func json(_ status: Int, _ members: KeyValuePairs<String, JSONValue>) -> HTTPClientResponse {
        HTTPClientResponse(
            status: status, headers: [("Content-Type", "application/json")],
            body: JSONWriter.compact(.object(JSONObject(members.map { ($0.key, $0.value) })))
        )
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
