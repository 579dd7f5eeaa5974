import Dispatch
import Glibc
import Synchronization

/// Answers the endpoint's routes from stored fixtures: the request handler behind `liftrec replay --serve`.
///
/// `POST /generate` (and `POST /` for label-style hosts) is answered by the fixture recorded for the body's
/// fingerprint, a miss by a 404 naming the nearest case, or, with an upstream, by the live endpoint. `GET /health`
/// and `GET /warmup` answer in the endpoint's shapes; `GET /__liftrec/stats` and `GET /__liftrec/journal` report.
public final class ReplayService: Sendable {
    /// What the service does beyond answering from fixtures.
    public struct Options: Sendable {
        /// Delay before each generate reply.
        public var latency = ReplayLatency.none
        /// The pace of a streamed answer's events.
        public var streamTiming = ReplayStreamTiming.none
        /// Every N-th generate request is answered with a 500 instead.
        public var failEvery: Int?
        /// Where misses go, and whether their replies are stored.
        public var upstream: ReplayUpstream?
        /// The suite that requests no case answers are learned into (`--learn`), with their upstream replies.
        public var learner: SuiteLearner?

        /// No delay, no faults, no upstream.
        public init() {}
    }

    private struct State {
        var catalog: ReplayCatalog
        var statistics = ReplayStatistics()
        var log = ReplayRequestLog()
        var stores: [String: Store]
        var changedStores: Set<String> = []
        var closed = false
        var journalFailure: String?
        var learner: SuiteLearner?
    }

    // When a request arrived, for its journal record.
    private struct Arrival {
        let method: String
        let path: String
        let time: Double
        let monotonicMs: Double
        /// The `X-Liftrec-Test` header: identical requests are answered in sequence per test, not per server.
        let test: String
        /// The `X-Liftrec-Case` header: the key a learned case gets.
        let caseKey: String?
    }

    /// The backend name the health and warm-up replies give.
    public static let backend = "liftrec-replay"

    /// The model the health and warm-up replies give: `liftrec-replay`, plus the recorded model when known.
    public let model: String
    private let state: Mutex<State>
    private let options: Options
    private let generateCount = Atomic<Int>(0)
    // Clients send the same bodies over and over; remembering their fingerprints skips parsing and hashing them.
    // Keyed by protocol too: the same bytes sent to another protocol's route are another request.
    private let recentBodies = Mutex<[RecentBody: Incoming]>([:])
    private static let rememberedBodies = 256
    private static let rememberedBodyBytes = 64 << 10
    private let journals: [String: Journal]
    private let redactor: SecretRedactor
    private let stderr: TextSink
    private let now: @Sendable () -> Double
    private let monotonic: @Sendable () -> Double

    /// A service answering the cases of `suites` (those in `only`, or all) from `stores` by path; captured replies
    /// are appended to `journals` by store path before they count as recorded.
    public init(
        suites: [Suite], stores: [String: Store], only: [String] = [], options: Options = Options(),
        journals: [String: Journal] = [:], redactor: SecretRedactor, stderr: TextSink, now: @escaping @Sendable () -> Double,
        monotonic: @escaping @Sendable () -> Double = Environment.monotonicClock
    ) {
        self.monotonic = monotonic
        let catalog = ReplayCatalog(suites: suites, stores: stores, only: only)
        model = Self.backend + ((catalog.recordedModel ?? suites.lazy.compactMap(\.model).first).map { " (\($0))" } ?? "")
        state = Mutex(State(catalog: catalog, stores: stores, learner: options.learner))
        self.options = options
        self.journals = journals
        self.redactor = redactor
        self.stderr = stderr
        self.now = now
    }

    /// Answers one request; the `HTTPServer` handler.
    public func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        let arrival = Arrival(
            method: request.method, path: request.path, time: now(), monotonicMs: monotonic() * 1000, test: request.headers["X-Liftrec-Test"] ?? "",
            caseKey: request.headers["X-Liftrec-Case"]
        )
        let reads = request.method == "GET" || request.method == "HEAD"
        if let wireProtocol = WireProtocols.all.first(where: { $0.requestPaths.contains(request.path) }) {
            if request.method == "POST" {
                generate(request.body, speaking: wireProtocol, arrival, responder)
            } else if request.path == "/" && reads {
                probe(Self.labelRoute(request.headers["Host"]), arrival, responder)
            } else {
                answer(Self.wrongMethod(request, allow: "POST"), arrival, .other("wrong_method"), responder)
            }
            return
        }
        if reads, request.path != "/health", let wireProtocol = WireProtocols.all.first(where: { $0.healthPaths.contains(request.path) }) {
            let body = wireProtocol.healthReply(model: model, backend: Self.backend)
            return answer(.json(body: JSONWriter.compact(.object(body))), arrival, .other("health"), responder)
        }
        switch request.path {
        case "/health", "/warmup":
            if reads {
                probe(request.path == "/health" ? .health : .warmup, arrival, responder)
            } else {
                answer(Self.wrongMethod(request, allow: "GET, HEAD"), arrival, .other("wrong_method"), responder)
            }
        case "/__liftrec/stats", "/__liftrec/journal":
            // Reports are not journaled, so polling them does not push the requests they describe out of the journal.
            guard reads else { return responder.respond(Self.wrongMethod(request, allow: "GET, HEAD")) }
            let body = request.path == "/__liftrec/stats" ? statistics().json : state.withLock { $0.log.json }
            responder.respond(.json(body: JSONWriter.compact(body)))
        default:
            let message = "liftrec: no route for \(request.method) \(quoted(request.path)); the replay server answers POST /generate "
                + "(or POST / for label-style hosts), GET /health, GET /warmup, POST /v1/chat/completions, GET /v1/models, "
                + "GET /__liftrec/stats and GET /__liftrec/journal"
            answer(Self.error(404, message), arrival, .other("no_route"), responder)
        }
    }

    /// A snapshot of the totals, hits per case and misses so far.
    public func statistics() -> ReplayStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.cases = state.catalog.entries.map { .init(suite: $0.suite, key: $0.suiteCase.key, hits: $0.hits) }
            return statistics
        }
    }

    /// Why the journal could not be written, once it could not; from then on no reply is asked for to be recorded.
    public var journalFailure: String? {
        state.withLock { $0.journalFailure }
    }

    /// Stops storing captured replies and returns the stores that gained fixtures, for the caller to save.
    public func close() -> [Store] {
        state.withLock { state in
            state.closed = true
            return state.stores.values.filter { state.changedStores.contains($0.path) }.sorted { $0.path < $1.path }
        }
    }

    private func generate(_ body: [UInt8], speaking wireProtocol: any WireProtocol, _ arrival: Arrival, _ responder: HTTPResponder) {
        let number = generateCount.wrappingAdd(1, ordering: .relaxed).newValue
        let fixedDelay = options.latency.delay(generationMs: nil)
        if let every = options.failEvery, number % every == 0 {
            state.withLock { state in
                state.statistics.requests += 1
                state.statistics.injectedFailures += 1
            }
            let message = "liftrec: injected failure: generate request \(number) is a multiple of --fail-every \(every)"
            return answer(Self.error(500, message), arrival, .other("injected_failure"), responder, after: fixedDelay)
        }
        let incoming: Incoming
        do {
            let recent = RecentBody(wireProtocol: wireProtocol.name, body: body)
            if let known = recentBodies.withLock({ $0[recent] }) {
                incoming = known
            } else {
                incoming = try Self.parse(body, speaking: wireProtocol)
                if body.count <= Self.rememberedBodyBytes {
                    recentBodies.withLock { remembered in
                        if remembered.count >= Self.rememberedBodies { remembered.removeAll(keepingCapacity: true) }
                        remembered[recent] = incoming
                    }
                }
            }
        } catch {
            state.withLock { state in
                state.statistics.requests += 1
                state.statistics.badRequests += 1
            }
            return answer(Self.error(400, error.message), arrival, .other("bad_request"), responder)
        }
        let capturing = options.upstream?.records ?? false
        let fingerprint = incoming.fingerprint
        let asksForStream = incoming.asksForStream
        let (resolution, nearest, hit, request) = state.withLock { state -> (ReplayCatalog.Resolution, NearestCase?, Hit?, JSONObject?) in
            state.statistics.requests += 1
            let resolution = state.catalog.resolve(fingerprint.request, capturing: capturing, test: arrival.test)
            if case .hit(let index) = resolution, let answer = state.catalog.entries[index].answer {
                state.statistics.hits += 1
                let entry = state.catalog.entries[index]
                let recorded = asksForStream ? state.stores[entry.storePath]?.fixture(entry.suiteCase.storeKey).flatMap(RecordedStream.init(in:)) : nil
                return (resolution, nil, Hit(answer: answer, suite: entry.suite, key: entry.suiteCase.key, stream: recorded), nil)
            }
            // Only a miss needs the body as a tree: to explain the nearest case, and to forward it.
            let request = incoming.request
            let nearest = state.catalog.nearest(to: fingerprint, request: request)
            state.statistics.countMiss(fingerprint.request, nearest: nearest)
            return (resolution, nearest, nil, request)
        }
        if let hit {
            let stored = hit.answer
            var response = (asksForStream ? Self.stream(hit, speaking: wireProtocol, timing: options.streamTiming) : nil)
                ?? HTTPResponse.json(status: stored.status, body: stored.body)
            response.headers.append(name: "X-Liftrec-Fixture", value: "\(hit.suite)/\(hit.key)")
            return answer(response, arrival, .hit(suite: hit.suite, key: hit.key), responder, after: options.latency.delay(generationMs: stored.generationMs))
        }
        if let upstream = options.upstream {
            var capture: Int?
            if case .capture(let index) = resolution { capture = index }
            // Money is never spent on a reply that cannot be kept.
            if let index = capture, let failure = state.withLock({ $0.journalFailure }) {
                state.withLock { $0.catalog.release(index, test: arrival.test) }
                let message = "liftrec: not asking the upstream: \(failure), so its reply could not be kept; free space and serve with --record-missing again"
                return answer(Self.error(503, message), arrival, .other("journal_failed"), responder)
            }
            // A request no case makes is learned as a new case when the suite being learned speaks its protocol.
            let learns = capture == nil && options.learner != nil && wireProtocol.name == ModalProtocol().name
            if capture == nil && options.learner != nil && !learns {
                stderr.line("liftrec: not learned: --learn takes Modal requests only, and this is \(wireProtocol.name); the client gets the upstream's answer")
            }
            return forward(request ?? incoming.request, fingerprint: fingerprint.request, to: upstream, capturing: capture, learning: learns, nearest: nearest, arrival, responder)
        }
        stderr.line("liftrec: miss \(arrival.method) \(arrival.path) (request \(fingerprint.request.prefix(12))): \(nearest?.explanation ?? "the served suites have no cases")")
        let reply = JSONObject([
            ("error", .string("liftrec: no fixture for this request")),
            ("nearest", nearest?.json ?? .null),
            ("request_sha256", .string(fingerprint.request)),
        ])
        answer(.json(status: 404, body: JSONWriter.compact(.object(reply))), arrival, .miss(nearest), responder, after: fixedDelay)
    }

    private func forward(
        _ request: JSONObject, fingerprint: String, to upstream: ReplayUpstream, capturing index: Int?, learning: Bool = false,
        nearest: NearestCase?, _ arrival: Arrival, _ responder: HTTPResponder
    ) {
        state.withLock { $0.statistics.forwarded += 1 }
        Task {
            let started = monotonic() * 1000
            let outcome = await upstream.client.generate(.object(request))
            var logged = ReplayRequestLog.Outcome.forwarded(nearest)
            let latency = monotonic() * 1000 - started
            if let index, let recorded = store(outcome, for: index, request: fingerprint, test: arrival.test, from: upstream, latencyMs: latency) {
                logged = recorded
            } else if learning, let learned = learn(request, outcome, key: arrival.caseKey, fingerprint: fingerprint, from: upstream, latencyMs: latency) {
                logged = learned
            }
            answer(relay(outcome, from: upstream), arrival, logged, responder)
        }
    }

    // Stores a captured reply the way `record` does (validated, redacted, journaled durably) before the client
    // hears it, so the next identical request is a hit; returns the journal outcome when stored.
    private func store(
        _ outcome: EndpointOutcome, for index: Int, request fingerprint: String, test: String, from upstream: ReplayUpstream, latencyMs: Double
    ) -> ReplayRequestLog.Outcome? {
        let (suite, suiteCase, path) = state.withLock { state in
            let entry = state.catalog.entries[index]
            return (entry.suite, entry.suiteCase, entry.storePath)
        }
        let label = "\(suite)/\(suiteCase.key)"
        let reply: JSONObject
        let status: Int
        let isError: Bool
        switch ReplyVerdict(outcome, for: suiteCase) {
        case .reject(_, let message, _):
            state.withLock { $0.catalog.release(index, test: test) }
            stderr.line("liftrec: not stored \(label): \(redactor.redact(message)); the client got the upstream's answer")
            return nil
        case .accept(let body, let code, let error):
            reply = body
            status = code
            isError = error
        }
        let failure = keep(suiteCase, status: status, reply: reply, isError: isError, in: path, from: upstream, latencyMs: latencyMs,
                           request: fingerprint, as: label) { state, fixture in
            state.catalog.store(ReplayCatalog.Answer(fixture, for: suiteCase), at: index)
        }
        if let failure {
            state.withLock { $0.catalog.release(index, test: test) }
            stderr.line("liftrec: not stored \(label): \(failure); the client got the upstream's answer")
            return nil
        }
        stderr.line("liftrec: recorded \(label) from \(upstream.name)")
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // Adds the request to the learned suite as a new case and stores the upstream's reply as its fixture, validated,
    // redacted and journaled as `record` stores one; a reply that fails the case leaves the case for `record`.
    private func learn(
        _ request: JSONObject, _ outcome: EndpointOutcome, key: String?, fingerprint: String, from upstream: ReplayUpstream, latencyMs: Double
    ) -> ReplayRequestLog.Outcome? {
        let learned: Result<(SuiteCase, String, String), LiftrecError> = state.withLock { state in
            guard !state.closed, var learner = state.learner else { return .failure(.usage("the server was already stopping")) }
            do throws(LiftrecError) {
                let suiteCase = try learner.learn(request, key: key, fingerprint: fingerprint)
                state.learner = learner
                return .success((suiteCase, learner.name, learner.storePath))
            } catch {
                return .failure(error)
            }
        }
        guard case .success(let (suiteCase, suite, path)) = learned else {
            if case .failure(let error) = learned { stderr.line("liftrec: not learned: \(error.message); the client got the upstream's answer") }
            return nil
        }
        let label = "\(suite)/\(suiteCase.key)"
        guard case .accept(let body, let status, let isError) = ReplyVerdict(outcome, for: suiteCase) else {
            stderr.line("liftrec: learned \(label) without a fixture: the upstream's reply fails the case; run 'liftrec record --suite \(suite)'")
            return .recorded(suite: suite, key: suiteCase.key)
        }
        let failure = keep(suiteCase, status: status, reply: body, isError: isError, in: path, from: upstream, latencyMs: latencyMs,
                           request: fingerprint, as: label)
        if let failure {
            stderr.line("liftrec: learned \(label) without a fixture: \(failure); run 'liftrec record --suite \(suite)' after freeing space")
        } else {
            stderr.line("liftrec: learned \(label) from \(upstream.name)")
        }
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // Makes a case's fixture from an accepted upstream reply and keeps it as `record` would: journaled durably, then
    // held for the store; `then` runs under the same lock once it is kept. Returns why it could not be kept.
    private func keep(
        _ suiteCase: SuiteCase, status: Int, reply: JSONObject, isError: Bool, in path: String, from upstream: ReplayUpstream,
        latencyMs: Double, request fingerprint: String, as label: String, then: (inout State, Fixture) -> Void = { _, _ in }
    ) -> String? {
        let (entry, _) = Fixture.recorded(
            for: suiteCase, status: status, reply: reply, isError: isError, endpoint: upstream.name, model: upstream.model,
            latencyMs: latencyMs, recordedAt: Timestamp.rfc3339(now()), redactor: redactor
        )
        return state.withLock { state in
            guard !state.closed else { return "the server was already stopping" }
            do throws(LiftrecError) {
                try journals[path]?.append(key: suiteCase.storeKey, entry: entry)
            } catch {
                state.journalFailure = state.journalFailure ?? error.message
                return error.message
            }
            state.stores[path]?[suiteCase.storeKey] = entry
            state.changedStores.insert(path)
            state.statistics.countRecorded(fingerprint, as: label)
            then(&state, Fixture(key: suiteCase.storeKey, entry: entry))
            return nil
        }
    }

    /// The learned suite, when this server learns one.
    public func learnedSuite() -> SuiteLearner? {
        state.withLock { $0.learner }
    }

    // The upstream's answer as the client gets it: its reply as is, or an error naming the upstream.
    private func relay(_ outcome: EndpointOutcome, from upstream: ReplayUpstream) -> HTTPResponse {
        switch outcome {
        case .reply(let body):
            return .json(body: JSONWriter.compact(.object(body)))
        case .errorReply(let body, let status):
            return .json(status: status, body: JSONWriter.compact(.object(body)))
        case .httpError(let status, _, _, _):
            return Self.error(status >= 400 ? status : 502, redactor.redact("liftrec: upstream \(upstream.name): \(outcome.failureMessage ?? "no reply")"))
        case .transportError:
            return Self.error(502, redactor.redact("liftrec: upstream \(upstream.name): \(outcome.failureMessage ?? "no reply")"))
        }
    }

    private func probe(_ route: EndpointURL.Sibling, _ arrival: Arrival, _ responder: HTTPResponder) {
        let members: [(String, JSONValue)] = switch route {
        case .health: [("status", .string("healthy")), ("model", .string(model)), ("gpu", .string("none")), ("backend", .string(Self.backend))]
        case .warmup: [("status", .string("warm")), ("model_loaded", .bool(true)), ("model", .string(model)), ("backend", .string(Self.backend))]
        }
        answer(.json(body: JSONWriter.compact(.object(JSONObject(members)))), arrival, .other(route.rawValue), responder)
    }

    // Sends `response` now or after `delay` milliseconds on a Dispatch timer, so that neither an event loop nor the
    // Swift cooperative pool waits, and journals it.
    private func answer(
        _ response: HTTPResponse, _ arrival: Arrival, _ outcome: ReplayRequestLog.Outcome, _ responder: HTTPResponder, after delay: Double = 0
    ) {
        guard delay > 0 else { return deliver(response, arrival, outcome, responder) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(Int(delay * 1000))) { [self] in
            deliver(response, arrival, outcome, responder)
        }
    }

    private func deliver(_ response: HTTPResponse, _ arrival: Arrival, _ outcome: ReplayRequestLog.Outcome, _ responder: HTTPResponder) {
        let record = ReplayRequestLog.Record(
            time: arrival.time, method: arrival.method, path: arrival.path, status: response.status,
            latencyMs: monotonic() * 1000 - arrival.monotonicMs, outcome: outcome
        )
        state.withLock { $0.log.append(record) }
        responder.respond(response)
    }

    // A request answered from a fixture.
    private struct Hit {
        let answer: ReplayCatalog.Answer
        let suite: String
        let key: String
        let stream: RecordedStream?
    }

    // A request body read once: its document, fingerprint and whether it asks for a stream.
    private struct Incoming: Sendable {
        let document: JSONDocument
        let fingerprint: RequestFingerprint
        let asksForStream: Bool

        /// The body as a tree; the parse made sure it is an object.
        var request: JSONObject { document.root.value.objectValue ?? JSONObject() }
    }

    // Hashed once, outside the lock, a word at a time: hashing a body byte by byte under the lock cost more than
    // answering the request and made the event loops queue behind each other. The dictionary only needs the bodies
    // spread over its buckets; equal hashes are settled by comparing the bytes.
    private struct RecentBody: Hashable {
        let wireProtocol: String
        let body: [UInt8]
        let bodyHash: UInt64

        init(wireProtocol: String, body: [UInt8]) {
            self.wireProtocol = wireProtocol
            self.body = body
            bodyHash = body.withUnsafeBytes { bytes in
                var state = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
                var offset = 0
                while offset + 8 <= bytes.count {
                    state = (state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                    state ^= state >> 32
                    offset += 8
                }
                while offset < bytes.count {
                    state = (state ^ UInt64(bytes[offset])) &* 0xFF51_AFD7_ED55_8CCD
                    offset += 1
                }
                return state
            }
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(wireProtocol)
            hasher.combine(bodyHash)
        }

        static func == (lhs: RecentBody, rhs: RecentBody) -> Bool {
            guard lhs.bodyHash == rhs.bodyHash, lhs.body.count == rhs.body.count, lhs.wireProtocol == rhs.wireProtocol else { return false }
            return lhs.body.withUnsafeBytes { left in
                rhs.body.withUnsafeBytes { right in left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 }
            }
        }
    }

    private struct BadRequest: Error {
        let message: String
    }

    private static func parse(_ body: [UInt8], speaking wireProtocol: any WireProtocol) throws(BadRequest) -> Incoming {
        let shape = "send " + wireProtocol.requestShape
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: body)
        } catch {
            throw BadRequest(message: "liftrec: the request body is not valid JSON (line \(error.line), column \(error.column): \(error.message)); \(shape)")
        }
        let root = document.root
        guard root.record.kind == .object else {
            throw BadRequest(message: "liftrec: the request body is a JSON \(root.typeName), not an object; \(shape)")
        }
        do {
            return Incoming(document: document, fingerprint: try wireProtocol.fingerprint(incoming: root), asksForStream: wireProtocol.asksForStream(root))
        } catch {
            throw BadRequest(message: "liftrec: the request body cannot be fingerprinted: \(error); \(shape)")
        }
    }

    // A request asking for a stream gets the stored reply as its protocol's events, so a fixture recorded without
    // streaming answers it; an error reply stays a plain JSON body, as the APIs send one.
    // The recorded events when the fixture kept them, else events made from the reply (no offsets, so no gaps);
    // they go out over time, each at its offset under `timing`, as the server writes them when they fall due.
    private static func stream(_ hit: Hit, speaking wireProtocol: any WireProtocol, timing: ReplayStreamTiming) -> HTTPResponse? {
        let stored = hit.answer
        guard (200..<300).contains(stored.status) else { return nil }
        let timed: [(ServerSentEvent, Double?)]
        if let recorded = hit.stream, !recorded.events.isEmpty {
            timed = recorded.events.map { ($0.event, $0.offsetMs) }
        } else {
            guard let reply = try? JSONParser.parse(stored.body).objectValue, let events = wireProtocol.streamEvents(of: reply) else { return nil }
            timed = events.map { ($0, nil) }
        }
        var response = HTTPResponse(status: stored.status, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"])
        response.chunks = timed.map { ResponseChunk(offsetMilliseconds: timing.delay(offsetMs: $0.1), bytes: $0.0.bytes) }
        return response
    }

    private static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status: status, body: JSONWriter.compact(.object(JSONObject([("error", .string(message))]))))
    }

    private static func wrongMethod(_ request: HTTPRequest, allow: String) -> HTTPResponse {
        var response = error(405, "liftrec: \(request.path) does not answer \(request.method); use \(allow.replacing(", ", with: " or "))")
        response.headers.append(name: "Allow", value: allow)
        return response
    }

    // A label-style host names its route in its first label (ws--health.example); anything else reads as health.
    private static func labelRoute(_ host: String?) -> EndpointURL.Sibling {
        let label = host?.split(whereSeparator: { $0 == "." || $0 == ":" }).first ?? ""
        return label.hasSuffix("warmup") ? .warmup : .health
    }
}
