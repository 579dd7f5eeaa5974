import Glibc
import Testing
@testable import LiftrecCore

@Suite struct ServeLifetimeTests {
    @Test func aSignalArrivingWhileTheCommandIsSpawnedReachesTheCommandInsteadOfEndingServing() async throws {
        let lifetime = ServeLifetime()
        lifetime.expectChild()
        lifetime.received(SIGTERM)
        // Bounded, so a lost signal fails the test (status 0) instead of hanging it.
        let child = try ChildProcess.spawn(["sh", "-c", "i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done"], environment: ["PATH": "/usr/bin:/bin"])
        lifetime.adopt(child)
        #expect(await lifetime.wait() == .commandExited(status: 128 + SIGTERM))
    }

    @Test func withNoCommandASignalEndsServing() async {
        let lifetime = ServeLifetime()
        lifetime.received(SIGINT)
        #expect(await lifetime.wait() == .signal(SIGINT))
    }
}
