import Dispatch
import Synchronization

/// The shared, locked state of one replay server: its catalog, statistics, request log, stores being filled and the
/// learned suite, plus the one way a reply leaves the server (logged, then sent, now or after a delay).
final class ReplayLedger: Sendable {
    /// Everything the server's threads change, behind one lock.
    struct State {
        var catalog: ReplayCatalog
        var statistics = ReplayStatistics()
        var log = ReplayRequestLog()
        var stores: [String: Store]
        var changedStores: Set<String> = []
        var closed = false
        var journalFailure: String?
        var learner: SuiteLearner?
        /// Requests whose upstream reply failed the learned case's check, `suite/key: why`: the run exits 1 naming them.
        var learnFailures: [String] = []
    }

    /// When and how a request arrived, for its log record and for the headers that steer it.
    struct Arrival: Sendable {
        let method: String
        let path: String
        /// The query after `?`, forwarded with the path to an upstream.
        let query: String?
        let time: Double
        let monotonicMs: Double
        /// The `X-Liftrec-Test` header: identical requests are answered in sequence per test, not per server.
        let test: String
        /// The `X-Liftrec-Case` header: the key a learned case gets.
        let caseKey: String?
        /// The request's headers, forwarded to an upstream.
        let headers: HTTPHeaders
    }

    let state: Mutex<State>
    /// Captured and learned replies are appended here, by store path, before they count as recorded.
    let journals: [String: Journal]
    let redactor: SecretRedactor
    let stderr: TextSink
    let now: @Sendable () -> Double
    let monotonic: @Sendable () -> Double

    init(
        state: State, journals: [String: Journal], redactor: SecretRedactor, stderr: TextSink,
        now: @escaping @Sendable () -> Double, monotonic: @escaping @Sendable () -> Double
    ) {
        self.state = Mutex(state)
        self.journals = journals
        self.redactor = redactor
        self.stderr = stderr
        self.now = now
        self.monotonic = monotonic
    }

    /// The arrival record of `request`, stamped now.
    func arrival(of request: HTTPRequest) -> Arrival {
        Arrival(
            method: request.method, path: request.path, query: request.query, time: now(), monotonicMs: monotonic() * 1000,
            test: request.headers["X-Liftrec-Test"] ?? "", caseKey: request.headers["X-Liftrec-Case"], headers: request.headers
        )
    }

    /// Sends `response` now or after `delay` milliseconds on a Dispatch timer, so that neither an event loop nor the
    /// Swift cooperative pool waits, and logs it.
    func answer(
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

    /// Makes a case's fixture from an accepted upstream reply and keeps it as `record` would: journaled durably, then
    /// held for the store; `then` runs under the same lock once it is kept. Returns why it could not be kept.
    func keep(
        _ suiteCase: SuiteCase, reply: AcceptedReply, in path: String, from target: ReplayUpstream.Target, latencyMs: Double,
        stream: RecordedStream?, as label: String, redactor: SecretRedactor, then: (inout State, Fixture) -> Void = { _, _ in }
    ) -> String? {
        let (entry, _) = Fixture.recorded(
            for: suiteCase, reply: reply, endpoint: target.name, model: target.model ?? reply.body["model"]?.stringValue,
            latencyMs: latencyMs, recordedAt: Timestamp.rfc3339(now()), redactor: redactor, stream: stream
        )
        return state.withLock { state in
            guard !state.closed else { return "the server was already stopping" }
            // The entry is set only once its journal line is durable; a value the store cannot hold is refused first.
            var probe = Store(path: path, display: path)
            do throws(LiftrecError) {
                try probe.set(suiteCase.storeKey, to: entry)
                try journals[path]?.append(key: suiteCase.storeKey, entry: entry)
                try state.stores[path]?.set(suiteCase.storeKey, to: entry)
            } catch {
                state.journalFailure = state.journalFailure ?? error.message
                return error.message
            }
            let fixture = probe.fixture(suiteCase.storeKey)
            state.changedStores.insert(path)
            state.statistics.countRecorded(suiteCase.fingerprint.request, as: label)
            if let fixture { then(&state, fixture) }
            return nil
        }
    }
}
