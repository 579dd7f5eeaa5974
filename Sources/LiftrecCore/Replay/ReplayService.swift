import Dispatch
import Glibc
import Synchronization

/// Answers the endpoint's routes from stored fixtures: the request handler behind `liftrec replay --serve`.
///
/// `POST /generate` (and `POST /` for label-style hosts) is answered by the fixture recorded for the body's
/// fingerprint, a miss by a 404 naming the nearest case, or, with an upstream, by the live endpoint. `GET /health`
/// and `GET /warmup` answer in the endpoint's shapes; `GET /__liftrec/stats` and `GET /__liftrec/journal` report.
final class ReplayService: Sendable {
    /// What the service does beyond answering from fixtures.
    struct Options: Sendable {
        /// Delay before each generate reply.
        var latency = ReplayLatency.none
        /// The pace of a streamed answer's events.
        var streamTiming = ReplayStreamTiming.none
        /// Every N-th generate request is answered with a 500 instead.
        var failEvery: Int?
        /// Where misses go, and whether their replies are stored.
        var upstream: ReplayUpstream?
        /// The suite that requests no case answers are learned into (`--learn`), with their upstream replies.
        var learner: SuiteLearner?
        /// The environment's variables: the protocols' own keys replace liftrec's placeholder on forwarded requests.
        var variables: [String: String] = [:]

        /// No delay, no faults, no upstream.
        init() {}
    }

    /// The backend name the health and warm-up replies give.
    static let backend = "liftrec-replay"

    /// The model the health and warm-up replies give: `liftrec-replay`, plus the recorded model when known.
    let model: String
    private let ledger: ReplayLedger
    private let options: Options
    // Each protocol as the served suites configure it, by name: its auth_env replaces liftrec's placeholder key.
    private let keyed: [String: any WireProtocol]
    private let generateCount = Atomic<Int>(0)
    // Clients send the same bodies over and over; remembering their fingerprints skips parsing and hashing them.
    // Keyed by protocol too: the same bytes sent to another protocol's route are another request.
    private let recentBodies = Mutex<[RecentBody: Incoming]>([:])
    private static let rememberedBodies = 256
    private static let rememberedBodyBytes = 64 << 10

    /// A service answering the cases of `suites` (those in `only`, or all) from `stores` by path; captured replies
    /// are appended to `journals` by store path before they count as recorded.
    init(
        suites: [Suite], stores: [String: Store], only: [String] = [], options: Options = Options(),
        journals: [String: Journal] = [:], redactor: SecretRedactor, stderr: TextSink, now: @escaping @Sendable () -> Double,
        monotonic: @escaping @Sendable () -> Double = Environment.monotonicClock
    ) {
        let catalog = ReplayCatalog(suites: suites, stores: stores, only: only)
        model = Self.backend + ((catalog.recordedModel ?? suites.lazy.compactMap(\.model).first).map { " (\($0))" } ?? "")
        ledger = ReplayLedger(
            state: ReplayLedger.State(catalog: catalog, stores: stores, learner: options.learner), journals: journals,
            redactor: redactor, stderr: stderr, now: now, monotonic: monotonic
        )
        self.options = options
        var keyed: [String: any WireProtocol] = [:]
        for suite in suites {
            for suiteCase in suite.cases where keyed[suiteCase.wireProtocol.name] == nil { keyed[suiteCase.wireProtocol.name] = suiteCase.wireProtocol }
        }
        self.keyed = keyed
    }

    private var stderr: TextSink { ledger.stderr }

    /// Answers one request; the `HTTPServer` handler.
    func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        let arrival = ledger.arrival(of: request)
        let reads = request.method == "GET" || request.method == "HEAD"
        if request.path == "/__liftrec/stats" || request.path == "/__liftrec/journal" {
            // Reports are not journaled, so polling them does not push the requests they describe out of the journal.
            guard reads else { return responder.respond(Self.wrongMethod(request, allow: "GET, HEAD")) }
            let body = request.path == "/__liftrec/stats" ? statistics().json : ledger.state.withLock { $0.log.json }
            return responder.respond(.json(body: JSONWriter.compact(body)))
        }
        guard let route = WireProtocols.route(method: request.method, path: request.path, host: request.headers["Host"]) else {
            return unknownRoute(request, arrival, responder)
        }
        switch (route.purpose, request.method) {
        case (.generate, "POST"):
            generate(request.body, on: route, arrival, responder)
        case (.generate, _):
            ledger.answer(Self.wrongMethod(request, allow: "POST"), arrival, .other("wrong_method"), responder)
        case (.health, _) where reads, (.warmup, _) where reads:
            let body = route.purpose == .health
                ? route.wireProtocol.healthReply(model: model, backend: Self.backend)
                : route.wireProtocol.warmupReply(model: model, backend: Self.backend) ?? JSONObject()
            ledger.answer(.json(body: JSONWriter.compact(.object(body))), arrival, .other(route.purpose.rawValue), responder)
        case (.health, _), (.warmup, _):
            ledger.answer(Self.wrongMethod(request, allow: "GET, HEAD"), arrival, .other("wrong_method"), responder)
        }
    }

    /// A snapshot of the totals, hits per case and misses so far.
    func statistics() -> ReplayStatistics {
        ledger.state.withLock { state in
            var statistics = state.statistics
            statistics.cases = state.catalog.entries.map { .init(suite: $0.suite, key: $0.suiteCase.key, hits: $0.hits) }
            return statistics
        }
    }

    /// Why the journal could not be written, once it could not; from then on no reply is asked for to be recorded.
    var journalFailure: String? {
        ledger.state.withLock { $0.journalFailure }
    }

    /// Stops storing captured replies and returns the stores that gained fixtures, for the caller to save.
    func close() -> [Store] {
        ledger.state.withLock { state in
            state.closed = true
            return state.stores.values.filter { state.changedStores.contains($0.path) }.sorted { $0.path < $1.path }
        }
    }

    // A route liftrec does not serve: forwarded under --upstream, else a 404 in the shape of the protocol it resembles;
    // either way a miss, so --strict, the summary and the receipt count it.
    private func unknownRoute(_ request: HTTPRequest, _ arrival: ReplayLedger.Arrival, _ responder: HTTPResponder) {
        let owner = WireProtocols.owner(ofUnknownPath: request.path)
        let label = "no route: \(request.method) \(request.path)"
        ledger.state.withLock { state in
            state.statistics.requests += 1
            state.statistics.countMiss(label, nearest: nil)
        }
        if let upstream = options.upstream, let method = HTTPMethod(rawValue: request.method) {
            return forwarder(upstream).pass(request.body, method: method, speaking: owner, arrival, responder)
        }
        stderr.line("liftrec: miss \(request.method) \(request.path): liftrec serves no such route")
        let message = "liftrec: no route for \(request.method) \(quoted(request.path)); the replay server answers POST /generate "
            + "(or POST / for label-style hosts), GET /health, GET /warmup, POST /v1/chat/completions, POST /v1/messages, GET /v1/models, "
            + "GET /__liftrec/stats and GET /__liftrec/journal"
        ledger.answer(Self.error(404, message, speaking: owner), arrival, .miss(nil), responder)
    }

    private func generate(_ body: [UInt8], on route: Route, _ arrival: ReplayLedger.Arrival, _ responder: HTTPResponder) {
        let wireProtocol = route.wireProtocol
        let number = generateCount.wrappingAdd(1, ordering: .relaxed).newValue
        let fixedDelay = options.latency.delay(generationMs: nil)
        if let every = options.failEvery, number % every == 0 {
            ledger.state.withLock { state in
                state.statistics.requests += 1
                state.statistics.injectedFailures += 1
            }
            let message = "liftrec: injected failure: generate request \(number) is a multiple of --fail-every \(every)"
            return ledger.answer(Self.error(500, message, speaking: wireProtocol), arrival, .other("injected_failure"), responder, after: fixedDelay)
        }
        let incoming: Incoming
        do {
            // The model a path names is part of the request: the same body to another model is another request.
            let recent = RecentBody(wireProtocol: wireProtocol.name + "/" + (route.model ?? ""), body: body)
            if let known = recentBodies.withLock({ $0[recent] }) {
                incoming = known
            } else {
                incoming = try Self.parse(body, on: route)
                if body.count <= Self.rememberedBodyBytes {
                    recentBodies.withLock { remembered in
                        if remembered.count >= Self.rememberedBodies { remembered.removeAll(keepingCapacity: true) }
                        remembered[recent] = incoming
                    }
                }
            }
        } catch {
            ledger.state.withLock { state in
                state.statistics.requests += 1
                state.statistics.badRequests += 1
            }
            return ledger.answer(Self.error(400, error.message, speaking: wireProtocol), arrival, .other("bad_request"), responder)
        }
        let capturing = options.upstream?.records ?? false
        let fingerprint = incoming.fingerprint
        let asksForStream = incoming.asksForStream || route.streams
        let (resolution, nearest, hit, request) = ledger.state.withLock { state -> (ReplayCatalog.Resolution, NearestCase?, Hit?, JSONObject?) in
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
            let nearest = state.catalog.nearest(to: fingerprint, protocolName: wireProtocol.name, request: request)
            state.statistics.countMiss(fingerprint.request, nearest: nearest)
            return (resolution, nearest, nil, request)
        }
        if let hit {
            let stored = hit.answer
            let streamed = asksForStream
                ? ReplayStreamer.response(
                    status: stored.status, body: stored.body, recorded: hit.stream, speaking: wireProtocol, timing: options.streamTiming,
                    answering: incoming.document.root
                )
                : nil
            var response = streamed
                ?? HTTPResponse.json(status: stored.status, body: stored.body)
            response.headers.append(name: "X-Liftrec-Fixture", value: "\(hit.suite)/\(hit.key)")
            return ledger.answer(response, arrival, .hit(suite: hit.suite, key: hit.key), responder, after: options.latency.delay(generationMs: stored.generationMs))
        }
        let explanation = nearest?.explanation ?? "the served suites have no \(wireProtocol.name) cases"
        if let upstream = options.upstream {
            var capture: Int?
            if case .capture(let index) = resolution { capture = index }
            let learns = capture == nil && options.learner != nil
            // Money is never spent on a reply that cannot be kept.
            if capture != nil || learns, let failure = ledger.state.withLock({ $0.journalFailure }) {
                if let index = capture { ledger.state.withLock { $0.catalog.release(index, test: arrival.test) } }
                let message = "liftrec: not asking the upstream: \(failure), so its reply could not be kept; free space and serve with --record-missing again"
                return ledger.answer(Self.error(503, message, speaking: wireProtocol), arrival, .other("journal_failed"), responder)
            }
            // A learned case is named by the client; a name that cannot be a key is refused before anything is paid for.
            if learns, let key = arrival.caseKey, !Self.isCaseKey(key) {
                let message = "liftrec: X-Liftrec-Case \(quoted(key)) cannot name a case; use 1 to 128 of A-Z a-z 0-9 _ . -"
                return ledger.answer(Self.error(400, message, speaking: wireProtocol), arrival, .other("bad_request"), responder)
            }
            let forwarded = ReplayForwarder.Forwarded(
                body: body, request: request ?? incoming.request, fingerprint: fingerprint, streams: asksForStream, route: route
            )
            return forwarder(upstream).forward(forwarded, capturing: capture, learning: learns, nearest: nearest, arrival, responder)
        }
        stderr.line("liftrec: miss \(arrival.method) \(arrival.path) (request \(fingerprint.request.prefix(12))): \(explanation)")
        let extra = JSONObject([("nearest", nearest?.json ?? .null), ("request_sha256", .string(fingerprint.request))])
        let reply = wireProtocol.errorBody(status: 404, message: "liftrec: no fixture for this request; \(explanation)", extra: extra)
        ledger.answer(.json(status: 404, body: JSONWriter.compact(.object(reply))), arrival, .miss(nearest), responder, after: fixedDelay)
    }

    // The forwarder for `upstream`, knowing each protocol as the served suites configure its key.
    private func forwarder(_ upstream: ReplayUpstream) -> ReplayForwarder {
        var configured = upstream
        configured.keyed = keyed
        return ReplayForwarder(ledger: ledger, upstream: configured, variables: options.variables)
    }

    /// True when `key` can name a learned case: 1 to 128 of `A-Z a-z 0-9 _ . -`.
    static func isCaseKey(_ key: String) -> Bool {
        (1...128).contains(key.utf8.count) && key.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2E || byte == 0x2D
        }
    }

    /// The learned requests whose upstream reply failed their check, `suite/key: why`, for the run's exit.
    var learnFailures: [String] {
        ledger.state.withLock { $0.learnFailures }
    }

    /// The learned suite, when this server learns one.
    func learnedSuite() -> SuiteLearner? {
        ledger.state.withLock { $0.learner }
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

    private static func parse(_ body: [UInt8], on route: Route) throws(BadRequest) -> Incoming {
        let wireProtocol = route.wireProtocol
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
        if let problem = wireProtocol.requestProblem(root) {
            throw BadRequest(message: "liftrec: \(problem), as the API itself requires")
        }
        do {
            return Incoming(document: document, fingerprint: try wireProtocol.fingerprint(incoming: root, route: route), asksForStream: wireProtocol.asksForStream(root))
        } catch {
            throw BadRequest(message: "liftrec: the request body cannot be fingerprinted: \(error); \(shape)")
        }
    }

    /// An error reply in `wireProtocol`'s shape.
    static func error(_ status: Int, _ message: String, speaking wireProtocol: any WireProtocol = WireProtocols.standard) -> HTTPResponse {
        .json(status: status, body: JSONWriter.compact(.object(wireProtocol.errorBody(status: status, message: message, extra: JSONObject()))))
    }

    private static func wrongMethod(_ request: HTTPRequest, allow: String) -> HTTPResponse {
        var response = error(405, "liftrec: \(request.path) does not answer \(request.method); use \(allow.replacing(", ", with: " or "))")
        response.headers.append(name: "Allow", value: allow)
        return response
    }
}
