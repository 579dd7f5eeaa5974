/// The options shared by the commands that call the live endpoint (`record`, live `diff`).
struct LiveOptions: Sendable {
    /// The `--endpoint` flag.
    var endpointFlags: [String] = []
    /// The `--cacert` flag: a PEM file of CA certificates for HTTPS endpoints.
    var caCertificateFlag: String?
    /// The most requests in flight.
    var concurrency = 4
    /// Retries per request for retryable failures.
    var retries = 3
    /// Seconds one generate call may take.
    var timeout = 180.0
    /// Seconds the warm-up call may take.
    var warmupTimeout = 600.0
    /// The most the run may spend, in US dollars.
    var maxCost: Double?
    /// Seconds to wait for another liftrec's lock on a store.
    var waitLock = 0.0
    /// Only failures on stderr.
    var quiet = false
    /// Every attempt on stderr.
    var verbose = false

    /// The defaults.
    init() {}

    /// A scheduler for `client` with these options, `concurrency` overriding theirs when given.
    func scheduler(
        _ client: EndpointClient, concurrency limit: Int? = nil, budget: CostBudget, interrupt: InterruptFlag, environment: Environment
    ) -> CallScheduler {
        var scheduler = CallScheduler(
            client: client, concurrency: limit ?? concurrency, retries: retries, budget: budget, interrupt: interrupt,
            log: ProgressLine.notice(to: environment.stderr, quiet: quiet), now: environment.monotonic
        )
        scheduler.verbose = verbose
        scheduler.sleep = environment.sleep
        scheduler.random = environment.random
        return scheduler
    }

    /// A connection to `choice` speaking `wireProtocol` with these timeouts, trusting the CA certificates of
    /// `--cacert`, `CURL_CA_BUNDLE` or `SSL_CERT_FILE`.
    func connection(
        _ choice: EndpointChoice, speaking wireProtocol: any WireProtocol, environment: Environment,
        connect: @Sendable (EndpointChoice) -> any HTTPTransport
    ) throws(LiftrecError) -> EndpointConnection {
        // The simulator makes no TLS connection, so a CA setting meant for the real endpoint cannot stop it.
        var certificates: CertificateBundle?
        if case .remote = choice {
            certificates = try CertificateBundle.resolve(
                flag: caCertificateFlag, variables: environment.variables, workingDirectory: environment.workingDirectory
            )
        }
        return EndpointConnection(
            choice: choice, speaking: wireProtocol, environment: environment, connect: connect, timeout: timeout, warmupTimeout: warmupTimeout,
            certificates: certificates
        )
    }
}
