/// Runs endpoint calls with bounded concurrency, retries with backoff, a cost budget and interruption.
struct CallScheduler: Sendable {
    let client: EndpointClient
    /// The most calls in flight at once.
    let concurrency: Int
    /// Retries after the first attempt for retryable outcomes.
    let retries: Int
    let budget: CostBudget
    /// Raised by SIGINT/SIGTERM.
    let interrupt: InterruptFlag
    /// Where retry notices go.
    let log: @Sendable (String) -> Void
    /// The clock, in seconds.
    let now: @Sendable () -> Double
    /// Log every attempt, not only retries.
    var verbose = false
    /// Waits between attempts and while watching for an interrupt.
    var sleep: @Sendable (Double) async -> Void = Environment.taskSleep
    /// Random numbers for the backoff's jitter.
    var random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }

    /// Base of the exponential backoff, in seconds; the wait doubles per retry, with jitter, up to `maximumBackoff`.
    var baseBackoff: Double = 1
    /// The longest wait between attempts, in seconds.
    var maximumBackoff: Double = 60
    /// How long calls in flight may take to settle after an interrupt before they are cancelled.
    static let settleSeconds: Double = 2

    init(
        client: EndpointClient, concurrency: Int, retries: Int, budget: CostBudget, interrupt: InterruptFlag,
        log: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Double
    ) {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.retries = max(0, retries)
        self.budget = budget
        self.interrupt = interrupt
        self.log = log
        self.now = now
    }

    /// Sends every body (each at `costs[i]` dollars) and calls `finished` in completion order, on the caller's task.
    /// `countingUsage[i]` says that liftrec built body `i`, so a stream may be asked for its token usage.
    ///
    /// When `finished` returns a cause, no further call starts; the calls in flight finish, and the calls never
    /// started are finished with that cause.
    func run(
        bodies: [JSONValue], models: [String?] = [], countingUsage: [Bool] = [], costs: [Double], labels: [String], started: (Int) -> Void = { _ in },
        finished: (Int, CallResult) -> StopCause?
    ) async {
        await withTaskGroup(of: (Int, CallResult).self) { group in
            var next = 0
            var inFlight = 0
            var halt: StopCause?
            func launch() {
                while inFlight < concurrency && next < bodies.count && !interrupt.isRaised && halt == nil {
                    let index = next
                    next += 1
                    inFlight += 1
                    started(index)
                    let model = models.indices.contains(index) ? models[index] : nil
                    let usage = countingUsage.indices.contains(index) && countingUsage[index]
                    group.addTask { (index, await call(bodies[index], model: model, countingUsage: usage, cost: costs[index], label: labels[index])) }
                }
            }
            launch()
            // A watcher child ends the group's wait once an interrupt has had its settling time.
            group.addTask { [interrupt, sleep] in
                while !interrupt.isRaised {
                    await sleep(0.05)
                    if Task.isCancelled { return (-1, .never) }
                }
                await sleep(Self.settleSeconds)
                return (-1, .never)
            }
            while let (index, result) = await group.next() {
                if index < 0 {
                    group.cancelAll()
                    continue
                }
                inFlight -= 1
                halt = finished(index, result) ?? halt
                launch()
                if inFlight == 0 { group.cancelAll() }
            }
            let unsent = halt.map { CallResult(outcome: nil, stoppedBy: $0, attempts: 0, latencyMs: 0) } ?? .never
            for index in next..<bodies.count {
                _ = finished(index, unsent)
            }
        }
    }

    private func call(_ body: JSONValue, model: String?, countingUsage: Bool, cost: Double, label: String) async -> CallResult {
        var attempt = 0
        var last: EndpointOutcome?
        var stream: RecordedStream?
        var latency = 0.0
        while true {
            if Task.isCancelled || (interrupt.isRaised && attempt > 0) {
                return CallResult(outcome: last, stoppedBy: .interrupted, attempts: attempt, latencyMs: latency)
            }
            guard budget.reserve(cost) else {
                return CallResult(outcome: last, stoppedBy: .budget, attempts: attempt, latencyMs: latency)
            }
            attempt += 1
            let start = now()
            let (outcome, events) = await client.exchange(body, model: model, countingUsage: countingUsage)
            stream = events
            latency = (now() - start) * 1000
            last = outcome
            if verbose {
                log("\(label): attempt \(attempt) -> \(outcome.summary) in \(DurationText.format(latency / 1000))")
            }
            if Task.isCancelled {
                return CallResult(outcome: outcome, stoppedBy: .interrupted, attempts: attempt, latencyMs: latency)
            }
            guard outcome.isRetryable, attempt <= retries else {
                return CallResult(outcome: outcome, stoppedBy: nil, attempts: attempt, latencyMs: latency, stream: stream)
            }
            // A server's Retry-After is honoured but bounded, so a bad header can neither stall nor break the run.
            let wait = outcome.retryAfter.map { max(0, min($0, maximumBackoff)) } ?? backoff(afterAttempt: attempt)
            log("retry \(attempt)/\(retries) for \(label) in \(DurationText.format(wait)): \(outcome.failureMessage ?? "")")
            await sleep(wait)
            if Task.isCancelled {
                return CallResult(outcome: last, stoppedBy: .interrupted, attempts: attempt, latencyMs: latency)
            }
        }
    }

    /// Exponential backoff with full jitter in [0.5, 1.5) of the nominal wait.
    func backoff(afterAttempt attempt: Int) -> Double {
        let nominal = min(maximumBackoff, baseBackoff * Double(1 << min(attempt - 1, 16)))
        let jitter = 0.5 + Double(random() >> 11) / Double(1 << 53)
        return min(maximumBackoff, nominal * jitter)
    }
}
