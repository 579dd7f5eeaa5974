import Synchronization
import Testing
@testable import LiftrecCore

@Suite struct WarmupProgressTests {
    @Test func aLongWarmupPrintsItsElapsedTimeAndTheTimeoutInALog() async throws {
        let project = try TestProject()
        let err = Mutex("")
        let clock = Atomic<Int>(0)
        var environment = TestEnvironment.make(
            root: project.root, arguments: ["record", "--endpoint", "sim:cold-start=300ms", "--only", "warmup_basic_function"],
            stderr: TextSink { text in err.withLock { $0 += text } }
        )
        // Each tick's clock reading is half a minute on, so a short real cold start looks like a long one.
        environment.monotonic = { Double(clock.wrappingAdd(1, ordering: .relaxed).oldValue) * 30 }
        environment.sleep = { _ in try? await Task.sleep(nanoseconds: 2_000_000) }
        let status = await Liftrec.run(environment)
        let log = err.withLock { $0 }
        #expect(status == 0, "\(log)")
        let ticks = log.split(separator: "\n").filter { $0.hasPrefix("warming up sim") }
        #expect(!ticks.isEmpty, "\(log)")
        #expect(ticks.allSatisfy { $0.hasSuffix("of the 10m timeout") }, "\(ticks)")
        #expect(!log.contains("\u{1B}"), "a log gets plain lines, no terminal codes")
    }

    @Test func theTickIsEverySecondOnATerminalAndEveryThirtySecondsInALog() {
        #expect(EndpointConnection.warmupTick(onTerminal: true) == 1)
        #expect(EndpointConnection.warmupTick(onTerminal: false) == 30)
    }
}
