import Synchronization

/// The embedded simulator: answers generate, health and warm-up like the Modal endpoint, deterministically and offline.
///
/// It is an `HTTPTransport`, so `--endpoint sim` runs it in-process behind the real client, and the tests serve the
/// same object over loopback HTTP to exercise the libcurl path.
public final class SimulatedEndpoint: HTTPTransport {
    /// The URL the in-process client is pointed at; the simulator routes by path, so the host is never resolved.
    public static let generateURL: EndpointURL = {
        do { return try EndpointURL(parsing: "http://liftrec-simulator.invalid/generate") } catch { fatalError("constant URL") }
    }()

    /// The model name the simulator reports: never a real model, so simulated fixtures cannot pass for real ones.
    public static let model = "liftrec-simulator"

    /// Its settings.
    public let settings: SimulatorSettings
    private let state = Mutex<(requests: Int, warm: Bool)>((0, false))

    /// A simulator with `settings`.
    public init(settings: SimulatorSettings) {
        self.settings = settings
    }

    /// Answers one request as the endpoint would, after the configured latency.
    public func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        let (response, delay) = answer(method: request.method, path: request.url.path, host: request.url.host, body: request.body)
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
    public func answer(method: HTTPMethod, path: String, host: String, body: [UInt8]) -> (response: HTTPClientResponse, delay: Double) {
        let route = path.split(separator: "/").last.map(String.init) ?? ""
        let label = host.split(separator: ".").first.map(String.init) ?? ""
        let isRoute = { (name: String) in route == name || label == name || label.hasSuffix("-" + name) }
        if method == .get && isRoute("health") {
            return (Self.json(200, ["status": .string("healthy"), "model": .string(Self.model), "gpu": .string("none"), "backend": .string("liftrec-simulator")]), 0)
        }
        if method == .get && isRoute("warmup") {
            return (Self.json(200, ["status": .string("warm"), "model_loaded": .bool(true), "model": .string(Self.model)]), coldStartDelay())
        }
        if method == .post {
            return (generate(body), coldStartDelay() + settings.latency)
        }
        return (Self.json(404, ["error": .string("no route for \(method.rawValue) \(path)")]), 0)
    }

    /// The reply to a generate body, without latency: faults by request count, then the endpoint's own rules.
    public func generate(_ body: [UInt8]) -> HTTPClientResponse {
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
        guard let request = try? JSONParser.parse(body), let fields = request.objectValue else {
            return Self.json(200, ["error": .string("Invalid JSON body"), "status": .number(JSONNumber(400))])
        }
        // The real endpoint only refuses an absent prompt: an empty one is a prompt like any other.
        guard fields["prompt"]?.stringValue != nil else {
            return Self.json(200, ["error": .string("Missing required field: prompt"), "status": .number(JSONNumber(400))])
        }
        guard let schema = fields["schema"], schema.objectValue != nil || schema.boolValue != nil else {
            return Self.json(200, ["error": .string("Missing required field: schema"), "status": .number(JSONNumber(400))])
        }
        let maxTokens = fields["max_tokens"]?.numberValue?.intValue ?? 2048
        let fingerprint = (try? RequestFingerprint(body: fields))?.request ?? ""
        // Sampling above temperature 0 varies between calls, as a real model does; at 0 it is repeatable.
        let temperature = fields["temperature"]?.numberValue?.doubleValue ?? SamplingParameters.endpointDefaults.temperature.doubleValue
        let salt = temperature > 0 ? fingerprint + "#\(number)" : fingerprint
        let answer = SchemaSampler(seed: settings.seed, salt: salt).sample(schema)
        let text = JSONWriter.compact(answer)
        let tokens = max(1, text.count / 4)
        let milliseconds = JSONNumber(text: String(Double(Int(settings.latency * 10_000)) / 10))
        if settings.truncateUnder > 0 && maxTokens < settings.truncateUnder {
            if maxTokens * 2 < settings.truncateUnder {
                return Self.json(200, [
                    "error": .string("Failed to parse JSON from model output: output ended after \(maxTokens) tokens"),
                    "raw_output": .string(String(decoding: text.prefix(maxTokens * 4), as: UTF8.self)),
                    "ir_json": .null, "finish_reason": .string("json_error"),
                ])
            }
            return Self.json(200, [
                "ir_json": answer, "tokens_used": .number(JSONNumber(maxTokens)),
                "generation_time_ms": .number(milliseconds), "finish_reason": .string("length"),
            ])
        }
        return Self.json(200, [
            "ir_json": answer, "tokens_used": .number(JSONNumber(tokens)),
            "generation_time_ms": .number(milliseconds), "finish_reason": .string("stop"),
        ])
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
