import Glibc
import Testing
@testable import LiftrecCore

@Suite struct ServeLifetimeTests {
    @Test func aSignalArrivingWhileTheCommandIsSpawnedReachesTheCommandInsteadOfEndingServing() async throws {
        let lifetime = ServeLifetime()
        lifetime.expectChild()
        lifetime.received(SIGTERM)
        // A command that ends on its own after a minute, so a lost signal fails the test (status 0) instead of hanging it.
        let child = try ChildProcess.spawn(["sh", "-c", "exec sleep 60"], environment: ["PATH": "/usr/bin:/bin"])
        lifetime.adopt(child)
        #expect(await lifetime.wait() == .commandExited(status: 128 + SIGTERM), "the SIGTERM that arrived during the spawn never reached the command")
    }

    @Test func withNoCommandASignalEndsServing() async {
        let lifetime = ServeLifetime()
        lifetime.received(SIGINT)
        #expect(await lifetime.wait() == .signal(SIGINT))
    }
}
