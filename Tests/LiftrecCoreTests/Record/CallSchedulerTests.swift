import Synchronization
import Testing
import TestSupport
@testable import LiftrecCore

/// A transport that answers from a script and records how many calls overlapped.
final class ScriptedTransport: HTTPTransport {
    struct State {
        var concurrency = Concurrency()
        var calls = 0
    }

    private let state = Mutex(State())
    private let answer: @Sendable (Int) -> HTTPClientResponse
    private let gate: AsyncGate?

    init(gate: AsyncGate? = nil, answer: @escaping @Sendable (Int) -> HTTPClientResponse) {
        self.answer = answer
        self.gate = gate
    }

    var snapshot: State { state.withLock { $0 } }

    func send(_ request: HTTPClientRequest) async throws(TransportError) -> HTTPClientResponse {
        let number = state.withLock { state in
            state.calls += 1
            state.concurrency.begin()
            return state.calls
        }
        await gate?.arrive()
        state.withLock { $0.concurrency.end() }
        return answer(number)
    }
}

/// Holds arrivals until `count` callers are waiting, then releases them all: proves they overlapped without timing.
final class AsyncGate: Sendable {
    private let state = Mutex<(waiting: [CheckedContinuation<Void, Never>], opened: Bool)>(([], false))
    let count: Int

    init(count: Int) { self.count = count }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let release: [CheckedContinuation<Void, Never>] = state.withLock { state in
                if state.opened { return [continuation] }
                state.waiting.append(continuation)
                guard state.waiting.count >= count else { return [] }
                state.opened = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for waiter in release { waiter.resume() }
        }
    }
}

@Suite struct CallSchedulerTests {
    static let ok = HTTPClientResponse(status: 200, headers: [], body: Array(#"{"ir_json": {}, "finish_reason": "stop"}"#.utf8))

    func scheduler(_ transport: ScriptedTransport, concurrency: Int, retries: Int = 3, budget: CostBudget = CostBudget(limit: nil), interrupt: InterruptFlag = InterruptFlag()) throws -> CallScheduler {
        let client = EndpointClient(transport: transport, generateURL: try EndpointURL(parsing: "http://127.0.0.1:9/generate"),
                                 wireProtocol: ModalProtocol(), variables: [:], timeout: 5, warmupTimeout: 5)
        var scheduler = CallScheduler(client: client, concurrency: concurrency, retries: retries, budget: budget,
                                      interrupt: interrupt, log: { _ in }, now: { 0 })
        scheduler.baseBackoff = 0.001
        return scheduler
    }

    @Test func callsOverlapUpToTheLimitAndNoFurther() async throws {
        let transport = ScriptedTransport(gate: AsyncGate(count: 3)) { _ in Self.ok }
        var finished = 0
        try await scheduler(transport, concurrency: 3).run(
            bodies: Array(repeating: .null, count: 9), costs: Array(repeating: 0, count: 9), labels: Array(repeating: "c", count: 9),
            finished: { _, result in if case .reply? = result.outcome { finished += 1 }; return nil }
        )
        #expect(finished == 9)
        #expect(transport.snapshot.concurrency.most == 3)
    }

    @Test func retryableFailuresAreRetriedAndOthersAreNot() async throws {
        let transport = ScriptedTransport { number in
            switch number {
            case 1: return HTTPClientResponse(status: 500, headers: [], body: [])
            case 2: return HTTPClientResponse(status: 429, headers: [("Retry-After", "0")], body: [])
            default: return Self.ok
            }
        }
        var attempts: [Int] = []
        try await scheduler(transport, concurrency: 1).run(bodies: [.null], costs: [0], labels: ["c"], finished: { _, result in attempts.append(result.attempts); return nil })
        #expect(attempts == [3])

        let forbidden = ScriptedTransport { _ in HTTPClientResponse(status: 403, headers: [], body: []) }
        var outcome: EndpointOutcome?
        try await scheduler(forbidden, concurrency: 1).run(bodies: [.null], costs: [0], labels: ["c"], finished: { _, result in outcome = result.outcome; return nil })
        #expect(forbidden.snapshot.calls == 1)
        #expect(outcome?.failureMessage?.hasPrefix("HTTP 403") == true)
    }

    @Test(arguments: ["-5", "nan", "inf", "1e400"])
    func aBadRetryAfterIsIgnoredNotFatal(header: String) async throws {
        let transport = ScriptedTransport { number in
            number == 1 ? HTTPClientResponse(status: 503, headers: [("Retry-After", header)], body: []) : Self.ok
        }
        var attempts: [Int] = []
        try await scheduler(transport, concurrency: 1).run(bodies: [.null], costs: [0], labels: ["c"], finished: { _, result in attempts.append(result.attempts); return nil })
        #expect(attempts == [2])
    }

    @Test func theBudgetStopsCallsBeforeTheyWouldExceedIt() async throws {
        let transport = ScriptedTransport { _ in Self.ok }
        let budget = CostBudget(limit: 0.25)
        var stopped = 0
        try await scheduler(transport, concurrency: 1, budget: budget).run(
            bodies: Array(repeating: .null, count: 4), costs: Array(repeating: 0.1, count: 4), labels: Array(repeating: "c", count: 4),
            finished: { _, result in if result.stoppedBy == .budget { stopped += 1 }; return nil }
        )
        #expect(transport.snapshot.calls == 2)
        #expect(stopped == 2)
        #expect(budget.requests == 2)
    }

    @Test func anInterruptStopsLaunchingNewCalls() async throws {
        let interrupt = InterruptFlag()
        let transport = ScriptedTransport { _ in
            interrupt.raise()
            return Self.ok
        }
        var never = 0
        try await scheduler(transport, concurrency: 1, interrupt: interrupt).run(
            bodies: Array(repeating: .null, count: 5), costs: Array(repeating: 0, count: 5), labels: Array(repeating: "c", count: 5),
            finished: { _, result in if result.attempts == 0 { never += 1 }; return nil }
        )
        #expect(transport.snapshot.calls == 1)
        #expect(never == 4)
    }

    @Test func aCauseFromFinishedStopsNewCallsAndFinishesTheRestWithIt() async throws {
        let transport = ScriptedTransport(gate: AsyncGate(count: 2)) { _ in Self.ok }
        var replies = 0
        var unsent: [StopCause?] = []
        try await scheduler(transport, concurrency: 2).run(
            bodies: Array(repeating: .null, count: 10), costs: Array(repeating: 0, count: 10), labels: Array(repeating: "c", count: 10),
            finished: { _, result in
                if result.outcome == nil { unsent.append(result.stoppedBy) } else { replies += 1 }
                return .journal
            }
        )
        // Both calls of the first wave were in flight together and finish; nothing starts after the first says stop.
        #expect(transport.snapshot.calls == 2)
        #expect(replies == 2)
        #expect(unsent == Array(repeating: .journal, count: 8))
    }

    @Test func backoffGrowsAndStaysWithinItsBounds() throws {
        var scheduler = try scheduler(ScriptedTransport { _ in Self.ok }, concurrency: 1)
        scheduler.baseBackoff = 1
        scheduler.maximumBackoff = 60
        for attempt in 1...10 {
            let wait = scheduler.backoff(afterAttempt: attempt)
            let nominal = min(60, Double(1 << (attempt - 1)))
            #expect(wait >= nominal * 0.5 && wait <= min(60, nominal * 1.5))
        }
    }
}
