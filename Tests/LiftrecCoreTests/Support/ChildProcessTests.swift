import Glibc
import Testing
@testable import LiftrecCore

@Suite struct ChildProcessTests {
    /// The child's exit status, waited for on a thread of its own rather than the cooperative pool.
    private func exitStatus(of child: ChildProcess) async -> Int32 {
        await BlockingCall.run { child.wait() }
    }

    @Test func reportsTheExitCode() async throws {
        let child = try ChildProcess.spawn(["sh", "-c", "exit 3"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await exitStatus(of: child) == 3)
    }

    @Test func passesExactlyTheGivenEnvironment() async throws {
        let child = try ChildProcess.spawn(["sh", "-c", "test \"$LIFTREC_ENDPOINT\" = http://x/generate && test -z \"$HOME\""],
                                           environment: ["PATH": "/usr/bin:/bin", "LIFTREC_ENDPOINT": "http://x/generate"])
        #expect(await exitStatus(of: child) == 0)
    }

    @Test func aSignalDeathIs128PlusTheSignal() async throws {
        // The child must not inherit SIGTERM as ignored even when liftrec ignores it while forwarding.
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let child = try ChildProcess.spawn(["sh", "-c", "kill -TERM $$; exit 0"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await exitStatus(of: child) == 128 + SIGTERM)
    }

    @Test func anUnknownCommandFailsLikeAShell() {
        let error = #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess.spawn(["liftrec-no-such-command"], environment: ["PATH": "/usr/bin:/bin"])
        }
        #expect(error?.exitStatus == 127)
        #expect(error?.message.hasPrefix("cannot run \"liftrec-no-such-command\": No such file or directory") == true)
    }
}
