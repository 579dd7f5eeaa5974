/// A client for one chosen endpoint plus the preflight every live command runs before spending money.
public struct EndpointConnection: Sendable {
    /// The endpoint.
    public let choice: EndpointChoice
    /// The client for it.
    public let client: ModalClient
    private let now: @Sendable () -> Double

    /// A connection to `choice`, with proxy auth from `MODAL_KEY`/`MODAL_SECRET`.
    public init(
        choice: EndpointChoice, environment: Environment, connect: @Sendable (EndpointChoice) -> any HTTPTransport,
        timeout: Double, warmupTimeout: Double
    ) {
        self.choice = choice
        let url: EndpointURL
        switch choice {
        case .remote(let remote): url = remote
        case .simulator: url = SimulatedEndpoint.generateURL
        }
        client = ModalClient(
            transport: connect(choice), generateURL: url, key: environment.variables["MODAL_KEY"],
            secret: environment.variables["MODAL_SECRET"], timeout: timeout, warmupTimeout: warmupTimeout
        )
        now = environment.now
    }

    /// Checks health (cheap), then warms the endpoint up under its own timeout; returns the model it reports.
    public func preflight(progress: inout ProgressLine) async throws(LiftrecError) -> String? {
        let health = await client.health()
        guard case .reply(let status) = health else {
            throw .endpoint("health check of \(choice.storedName) failed: \(health.failureMessage ?? "no reply")")
        }
        progress.event("endpoint \(choice.storedName) is \(status["status"]?.stringValue ?? "up"); warming up (a cold start can take 5-7 minutes, timeout \(formatSeconds(client.warmupTimeout)))")
        let start = now()
        let warm = await client.warmup()
        guard case .reply(let warmed) = warm else {
            throw .endpoint("warm-up of \(choice.storedName) failed: \(warm.failureMessage ?? "no reply"); raise --warmup-timeout if the cold start is slow")
        }
        progress.event("endpoint warm after \(formatSeconds(now() - start))")
        return warmed["model"]?.stringValue ?? status["model"]?.stringValue
    }

    /// The live transport for a choice: libcurl for URLs, the in-process simulator for `sim`.
    public static func liveTransport(_ choice: EndpointChoice) -> any HTTPTransport {
        switch choice {
        case .remote: return CurlTransport()
        case .simulator(let settings, _): return SimulatedEndpoint(settings: settings)
        }
    }
}
