/// A client for one chosen endpoint plus the preflight every live command runs before spending money.
struct EndpointConnection: Sendable {
    /// The endpoint.
    let choice: EndpointChoice
    /// The client for it.
    let client: EndpointClient
    private let monotonic: @Sendable () -> Double
    private let sleep: @Sendable (Double) async -> Void

    /// A connection to `choice` speaking `wireProtocol`, with its auth from the environment and HTTPS verified against `certificates` too.
    init(
        choice: EndpointChoice, speaking wireProtocol: any WireProtocol, environment: Environment, connect: @Sendable (EndpointChoice) -> any HTTPTransport,
        timeout: Double, warmupTimeout: Double, certificates: CertificateBundle? = nil
    ) {
        self.choice = choice
        let url: EndpointURL
        switch choice {
        case .remote(let remote): url = remote
        case .simulator: url = SimulatedEndpoint.generateURL
        }
        var client = EndpointClient(
            transport: connect(choice), generateURL: url, wireProtocol: wireProtocol, variables: environment.variables,
            timeout: timeout, warmupTimeout: warmupTimeout
        )
        client.caBundle = certificates?.path
        self.client = client
        monotonic = environment.monotonic
        sleep = environment.sleep
    }

    /// How often the warm-up's elapsed time is shown: every second on a terminal, every 30 s in a log.
    static func warmupTick(onTerminal: Bool) -> Double {
        onTerminal ? 1 : 30
    }

    /// Checks health (cheap), then warms the endpoint up under its own timeout; returns the model it reports.
    ///
    /// An interrupt cuts either call short; the caller sees `interrupt.isRaised` and stops.
    func preflight(progress: inout ProgressLine, interrupt: InterruptFlag) async throws(LiftrecError) -> String? {
        let health = await Self.untilInterrupted(interrupt) { await client.health() }
        if interrupt.isRaised { return nil }
        guard case .reply(let status) = health else {
            throw .endpoint("health check of \(choice.storedName) failed: \(health.failureMessage ?? "no reply")")
        }
        guard client.warmsUp else {
            progress.event("endpoint \(choice.storedName) is up")
            return client.wireProtocol.model(inHealth: status)
        }
        progress.event("endpoint \(choice.storedName) is \(status["status"]?.stringValue ?? "up"); warming up (a cold start can take 5-7 minutes, timeout \(DurationText.format(client.warmupTimeout)))")
        let start = monotonic()
        let interval = Self.warmupTick(onTerminal: progress.isTerminal)
        let tick = progress.ticker()
        let limit = DurationText.format(client.warmupTimeout)
        let name = choice.storedName
        // A cold start can take minutes: an elapsed-time line shows the run is alive and how close the timeout is.
        let warm = await Self.untilInterrupted(interrupt) { [client, monotonic, sleep] in
            await withTaskGroup(of: EndpointOutcome?.self) { group in
                group.addTask { await client.warmup() }
                group.addTask {
                    while !Task.isCancelled {
                        await sleep(interval)
                        if Task.isCancelled { break }
                        tick("warming up \(name): \(DurationText.format((monotonic() - start).rounded())) of the \(limit) timeout")
                    }
                    return nil
                }
                var outcome: EndpointOutcome?
                while outcome == nil, let next = await group.next() { outcome = next }
                group.cancelAll()
                return outcome ?? .transportError("interrupted", retryable: false)
            }
        }
        progress.clear()
        if interrupt.isRaised { return nil }
        guard case .reply(let warmed) = warm else {
            throw .endpoint("warm-up of \(choice.storedName) failed: \(warm.failureMessage ?? "no reply"); raise --warmup-timeout if the cold start is slow")
        }
        progress.event("endpoint warm after \(DurationText.format(monotonic() - start))")
        return client.wireProtocol.model(inHealth: warmed) ?? client.wireProtocol.model(inHealth: status)
    }

    /// Runs `call`, cancelling it as soon as `interrupt` is raised.
    static func untilInterrupted(_ interrupt: InterruptFlag, _ call: @escaping @Sendable () async -> EndpointOutcome) async -> EndpointOutcome {
        await withTaskGroup(of: EndpointOutcome?.self) { group in
            group.addTask { await call() }
            group.addTask {
                while !interrupt.isRaised {
                    do { try await Task.sleep(nanoseconds: 50_000_000) } catch { return nil }
                }
                return .transportError("interrupted", retryable: false)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .transportError("interrupted", retryable: false)
        }
    }

    /// The transport of an environment with no network: the in-process simulator for `sim`, nothing for URLs.
    static func offlineTransport(_ choice: EndpointChoice) -> any HTTPTransport {
        switch choice {
        case .remote: return OfflineTransport()
        case .simulator(let settings, _): return SimulatedEndpoint(settings: settings)
        }
    }

    /// The live transport for a choice: libcurl for URLs, the in-process simulator for `sim`.
    static func liveTransport(_ choice: EndpointChoice) -> any HTTPTransport {
        switch choice {
        case .remote: return CurlTransport()
        case .simulator(let settings, _): return SimulatedEndpoint(settings: settings)
        }
    }
}
