/// Sends the requests no fixture answers to the upstream (`--upstream`), and keeps what comes back: as the fixture
/// of the case that makes the request (`--record-missing`), or as a new case of the learned suite (`--learn`).
struct ReplayForwarder: Sendable {
    let ledger: ReplayLedger
    let upstream: ReplayUpstream

    /// Forwards `request` and answers the client with the upstream's reply once it is kept (or found not worth keeping).
    ///
    /// `capture` is the catalog entry whose case makes this request; `learning` adds it as a new case instead.
    func forward(
        _ request: JSONObject, fingerprint: String, capturing capture: Int?, learning: Bool, nearest: NearestCase?,
        _ arrival: ReplayLedger.Arrival, _ responder: HTTPResponder
    ) {
        ledger.state.withLock { $0.statistics.forwarded += 1 }
        Task {
            let started = ledger.monotonic() * 1000
            let outcome = await upstream.client.generate(.object(request))
            var logged = ReplayRequestLog.Outcome.forwarded(nearest)
            let latency = ledger.monotonic() * 1000 - started
            if let capture, let recorded = store(outcome, for: capture, test: arrival.test, latencyMs: latency) {
                logged = recorded
            } else if learning, let learned = learn(request, outcome, key: arrival.caseKey, fingerprint: fingerprint, latencyMs: latency) {
                logged = learned
            }
            ledger.answer(relay(outcome), arrival, logged, responder)
        }
    }

    // Stores a captured reply the way `record` does (validated, redacted, journaled durably) before the client
    // hears it, so the next identical request is a hit; returns the log outcome when stored.
    private func store(_ outcome: EndpointOutcome, for index: Int, test: String, latencyMs: Double) -> ReplayRequestLog.Outcome? {
        let (suite, suiteCase, path) = ledger.state.withLock { state in
            let entry = state.catalog.entries[index]
            return (entry.suite, entry.suiteCase, entry.storePath)
        }
        let label = "\(suite)/\(suiteCase.key)"
        let reply: AcceptedReply
        switch ReplyVerdict(outcome, for: suiteCase) {
        case .reject(_, let message, _):
            ledger.state.withLock { $0.catalog.release(index, test: test) }
            ledger.stderr.line("liftrec: not stored \(label): \(ledger.redactor.redact(message)); the client got the upstream's answer")
            return nil
        case .accept(let accepted):
            reply = accepted
        }
        let failure = ledger.keep(suiteCase, reply: reply, in: path, from: upstream, latencyMs: latencyMs, stream: nil, as: label) { state, fixture in
            state.catalog.store(ReplayCatalog.Answer(fixture, for: suiteCase), at: index)
        }
        if let failure {
            ledger.state.withLock { $0.catalog.release(index, test: test) }
            ledger.stderr.line("liftrec: not stored \(label): \(failure); the client got the upstream's answer")
            return nil
        }
        ledger.stderr.line("liftrec: recorded \(label) from \(upstream.name)")
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // Adds the request to the learned suite as a new case and stores the upstream's reply as its fixture, validated,
    // redacted and journaled as `record` stores one; a reply that fails the case leaves the case for `record`.
    private func learn(
        _ request: JSONObject, _ outcome: EndpointOutcome, key: String?, fingerprint: String, latencyMs: Double
    ) -> ReplayRequestLog.Outcome? {
        let learned: Result<(SuiteCase, String, String), LiftrecError> = ledger.state.withLock { state in
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
            if case .failure(let error) = learned { ledger.stderr.line("liftrec: not learned: \(error.message); the client got the upstream's answer") }
            return nil
        }
        let label = "\(suite)/\(suiteCase.key)"
        guard case .accept(let reply) = ReplyVerdict(outcome, for: suiteCase) else {
            ledger.stderr.line("liftrec: learned \(label) without a fixture: the upstream's reply fails the case; run 'liftrec record --suite \(suite)'")
            return .recorded(suite: suite, key: suiteCase.key)
        }
        if let failure = ledger.keep(suiteCase, reply: reply, in: path, from: upstream, latencyMs: latencyMs, stream: nil, as: label) {
            ledger.stderr.line("liftrec: learned \(label) without a fixture: \(failure); run 'liftrec record --suite \(suite)' after freeing space")
        } else {
            ledger.stderr.line("liftrec: learned \(label) from \(upstream.name)")
        }
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // The upstream's answer as the client gets it: its reply as is, or an error naming the upstream.
    private func relay(_ outcome: EndpointOutcome) -> HTTPResponse {
        switch outcome {
        case .reply(let body):
            return .json(body: JSONWriter.compact(.object(body)))
        case .errorReply(let body, let status, _):
            return .json(status: status, body: JSONWriter.compact(.object(body)))
        case .httpError(let status, _, _, _):
            return ReplayService.error(status >= 400 ? status : 502, ledger.redactor.redact("liftrec: upstream \(upstream.name): \(outcome.failureMessage ?? "no reply")"))
        case .transportError:
            return ReplayService.error(502, ledger.redactor.redact("liftrec: upstream \(upstream.name): \(outcome.failureMessage ?? "no reply")"))
        }
    }
}
