/// Sends the requests no fixture answers to the upstream (`--upstream`), and keeps what comes back: as the fixture
/// of the case that makes the request (`--record-missing`), or as a new case of the learned suite (`--learn`).
///
/// The client's request goes as it came, body and headers, to the upstream's base joined with its own path; its
/// key goes upstream only, and the reply reaches the client as the upstream sent it.
struct ReplayForwarder: Sendable {
    let ledger: ReplayLedger
    let upstream: ReplayUpstream
    /// The environment's variables, for the protocol's own key where the client sent liftrec's placeholder.
    let variables: [String: String]

    /// A request on its way upstream.
    struct Forwarded: Sendable {
        /// The body exactly as the client sent it.
        let body: [UInt8]
        /// The body read as an object, for learning.
        let request: JSONObject
        /// Its fingerprint.
        let fingerprint: RequestFingerprint
        /// True when the client asked for a stream.
        let streams: Bool
        /// The route it arrived on: its protocol, and the model its path names.
        let route: Route

        var wireProtocol: any WireProtocol { route.wireProtocol }
    }

    /// Forwards `request` and answers the client with the upstream's reply once it is kept (or found not worth keeping).
    ///
    /// `capture` is the catalog entry whose case makes this request; `learning` adds it as a new case instead.
    func forward(
        _ request: Forwarded, capturing capture: Int?, learning: Bool, nearest: NearestCase?, _ arrival: ReplayLedger.Arrival, _ responder: HTTPResponder
    ) {
        guard let target = upstream.target(for: request.wireProtocol) else {
            if let capture { ledger.state.withLock { $0.catalog.release(capture, test: arrival.test) } }
            return ledger.answer(Self.noTarget(request.wireProtocol), arrival, .miss(nearest), responder)
        }
        ledger.state.withLock { $0.statistics.forwarded += 1 }
        // The keys this client sent go upstream and nowhere else: an upstream that echoes them has them masked.
        let redactor = ledger.redactor.adding(SecretRedactor.clientKeys(headers: arrival.headers, query: arrival.query))
        Task {
            let started = ledger.monotonic() * 1000
            let (outcome, stream, response) = await send(request.body, to: target, speaking: request.wireProtocol, arrival, streams: request.streams)
            var logged = ReplayRequestLog.Outcome.forwarded(nearest)
            let latency = ledger.monotonic() * 1000 - started
            let kept = Kept(target: target, latencyMs: latency, stream: stream, redactor: redactor)
            if let capture, let recorded = store(outcome, for: capture, test: arrival.test, kept) {
                logged = recorded
            } else if learning, let learned = learn(request, outcome, key: arrival.caseKey, kept) {
                logged = learned
            }
            ledger.answer(relay(outcome, response, speaking: request.wireProtocol, from: target, redactor: redactor), arrival, logged, responder)
        }
    }

    /// Passes a request on a route liftrec does not serve (`/v1/embeddings`, `/v1/messages/count_tokens`) to the
    /// upstream of the protocol it resembles, with the client's own method, and gives back whatever it answers as
    /// it came, keeping nothing: liftrec knows nothing of the route's replies, so it does not judge them.
    func pass(
        _ body: [UInt8], method: HTTPMethod, speaking wireProtocol: any WireProtocol, _ arrival: ReplayLedger.Arrival, _ responder: HTTPResponder
    ) {
        guard let target = upstream.target(for: wireProtocol) else {
            return ledger.answer(Self.noTarget(wireProtocol), arrival, .miss(nil), responder)
        }
        ledger.state.withLock { $0.statistics.forwarded += 1 }
        let redactor = ledger.redactor.adding(SecretRedactor.clientKeys(headers: arrival.headers, query: arrival.query))
        let request = HTTPClientRequest(
            method: method, url: ReplayUpstream.url(of: target, for: wireProtocol, path: arrival.path, query: arrival.query),
            headers: upstream.headers(forwarding: arrival.headers, speaking: wireProtocol, variables: variables),
            body: body, timeout: 180, maxResponseBytes: EndpointClient.maxReplyBytes, caBundle: target.caBundle
        )
        Task {
            let response: HTTPResponse
            do throws(TransportError) {
                let received = try await target.transport.send(request)
                var relayed = HTTPResponse(status: received.status, body: received.body)
                let type = received.headers.first { $0.name.lowercased() == "content-type" }?.value ?? "application/json"
                relayed.headers.append(name: "Content-Type", value: type)
                response = relayed
            } catch {
                response = ReplayService.error(502, redactor.redact("liftrec: upstream \(target.name): \(error.description)"), speaking: wireProtocol)
            }
            ledger.answer(response, arrival, .forwarded(nil), responder)
        }
    }

    private func send(
        _ body: [UInt8], to target: ReplayUpstream.Target, speaking wireProtocol: any WireProtocol, _ arrival: ReplayLedger.Arrival, streams: Bool
    ) async -> (outcome: EndpointOutcome, stream: RecordedStream?, response: HTTPClientResponse?) {
        var client = EndpointClient(
            transport: target.transport, generateURL: target.url, wireProtocol: wireProtocol, variables: [:], timeout: 180, warmupTimeout: 600
        )
        client.caBundle = target.caBundle
        let url = ReplayUpstream.url(of: target, for: wireProtocol, path: arrival.path, query: arrival.query)
        let headers = upstream.headers(forwarding: arrival.headers, speaking: wireProtocol, variables: variables)
        return await client.forward(body, to: url, headers: headers, streamed: streams)
    }

    // How an upstream reply is kept: where it came from, how long it took, its events, and the secrets to mask in it.
    private struct Kept {
        let target: ReplayUpstream.Target
        let latencyMs: Double
        let stream: RecordedStream?
        let redactor: SecretRedactor
    }

    // Stores a captured reply the way `record` does (validated, redacted, journaled durably) before the client
    // hears it, so the next identical request is a hit; returns the log outcome when stored.
    private func store(_ outcome: EndpointOutcome, for index: Int, test: String, _ kept: Kept) -> ReplayRequestLog.Outcome? {
        let (suite, suiteCase, path) = ledger.state.withLock { state in
            let entry = state.catalog.entries[index]
            return (entry.suite, entry.suiteCase, entry.storePath)
        }
        let label = "\(suite)/\(suiteCase.key)"
        let reply: AcceptedReply
        switch ReplyVerdict(outcome, for: suiteCase) {
        case .reject(_, let message, _):
            ledger.state.withLock { $0.catalog.release(index, test: test) }
            ledger.stderr.line("liftrec: not stored \(label): \(kept.redactor.redact(message)); the client got the upstream's answer")
            return nil
        case .accept(let accepted):
            reply = accepted
        }
        let failure = ledger.keep(
            suiteCase, reply: reply, in: path, from: kept.target, latencyMs: kept.latencyMs, stream: kept.stream, as: label, redactor: kept.redactor
        ) { state, fixture in
            state.catalog.store(ReplayCatalog.Answer(fixture, for: suiteCase), at: index)
        }
        if let failure {
            ledger.state.withLock { $0.catalog.release(index, test: test) }
            ledger.stderr.line("liftrec: not stored \(label): \(kept.redactor.redact(failure)); the client got the upstream's answer")
            return nil
        }
        ledger.stderr.line("liftrec: recorded \(label) from \(kept.target.name)")
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // Adds the request to the learned suite as a new case and stores the upstream's reply as its fixture, validated,
    // redacted and journaled as `record` stores one. A reply that fails the case's check is not learned: the client
    // still gets it, and the run remembers the failure so that it exits 1 naming the case.
    private func learn(_ request: Forwarded, _ outcome: EndpointOutcome, key: String?, _ kept: Kept) -> ReplayRequestLog.Outcome? {
        enum Learned {
            case accepted(SuiteCase, AcceptedReply, suite: String, path: String)
            case refused(String)
        }
        let learned: Learned = ledger.state.withLock { state in
            guard !state.closed, var trial = state.learner else { return .refused("the server was already stopping") }
            let suiteCase: SuiteCase
            do throws(LiftrecError) {
                suiteCase = try trial.learn(request.request, on: request.route, key: key, fingerprint: request.fingerprint.request)
            } catch {
                return .refused(error.message)
            }
            let label = "\(trial.name)/\(suiteCase.key)"
            switch ReplyVerdict(outcome, for: suiteCase) {
            case .reject(_, let message, _):
                let text = "\(label): \(kept.redactor.redact(message))"
                state.learnFailures.append(text)
                return .refused(text)
            case .accept(let reply):
                // The case is durable before its fixture is, and both before the client hears the reply.
                do throws(LiftrecError) {
                    try trial.keep()
                } catch {
                    state.journalFailure = state.journalFailure ?? error.message
                    return .refused("\(label): \(error.message)")
                }
                state.learner = trial
                return .accepted(suiteCase, reply, suite: trial.name, path: trial.storePath)
            }
        }
        guard case .accepted(let suiteCase, let reply, let suite, let path) = learned else {
            if case .refused(let why) = learned { ledger.stderr.line("liftrec: not learned: \(kept.redactor.redact(why)); the client got the upstream's answer") }
            return nil
        }
        let label = "\(suite)/\(suiteCase.key)"
        // The learned case is not served in this run: an identical request later in the run is learned as the next case
        // of a sequence, as a sampling endpoint may answer it differently.
        let failure = ledger.keep(
            suiteCase, reply: reply, in: path, from: kept.target, latencyMs: kept.latencyMs, stream: kept.stream, as: label, redactor: kept.redactor
        )
        if let failure {
            ledger.stderr.line("liftrec: learned \(label) without a fixture: \(kept.redactor.redact(failure)); run 'liftrec record --suite \(suite)' after freeing space")
        } else {
            ledger.stderr.line("liftrec: learned \(label) from \(kept.target.name)")
        }
        return .recorded(suite: suite, key: suiteCase.key)
    }

    // The upstream's answer as the client gets it: its reply exactly as sent, or an error naming the upstream.
    private func relay(
        _ outcome: EndpointOutcome, _ response: HTTPClientResponse?, speaking wireProtocol: any WireProtocol, from target: ReplayUpstream.Target,
        redactor: SecretRedactor
    ) -> HTTPResponse {
        if let response, outcome.isReply || response.status >= 400 {
            var relayed = HTTPResponse(status: response.status, body: response.body)
            let type = response.headers.first { $0.name.lowercased() == "content-type" }?.value ?? "application/json"
            relayed.headers.append(name: "Content-Type", value: type)
            return relayed
        }
        let message = redactor.redact("liftrec: upstream \(target.name): \(outcome.failureMessage ?? "no reply")")
        return ReplayService.error(502, message, speaking: wireProtocol)
    }

    private static func noTarget(_ wireProtocol: any WireProtocol) -> HTTPResponse {
        ReplayService.error(404, "liftrec: no fixture for this request, and no --upstream for \(wireProtocol.name) to ask; add --upstream \(wireProtocol.name)=URL", speaking: wireProtocol)
    }
}
