import Glibc
import Testing
@testable import LiftrecCore

@Suite struct ChildProcessTests {
    @Test func reportsTheExitCode() throws {
        let child = try ChildProcess.spawn(["sh", "-c", "exit 3"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(child.wait() == 3)
    }

    @Test func passesExactlyTheGivenEnvironment() throws {
        let child = try ChildProcess.spawn(["sh", "-c", "test \"$LIFTREC_ENDPOINT\" = http://x/generate && test -z \"$HOME\""],
                                           environment: ["PATH": "/usr/bin:/bin", "LIFTREC_ENDPOINT": "http://x/generate"])
        #expect(child.wait() == 0)
    }

    @Test func aSignalDeathIs128PlusTheSignal() throws {
        // The child must not inherit SIGTERM as ignored even when liftrec ignores it while forwarding.
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let child = try ChildProcess.spawn(["sh", "-c", "kill -TERM $$; exit 0"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(child.wait() == 128 + SIGTERM)
    }

    @Test func anUnknownCommandFailsLikeAShell() {
        #expect(throws: ChildProcess.SpawnError.self) {
            try ChildProcess.spawn(["liftrec-no-such-command"], environment: ["PATH": "/usr/bin:/bin"])
        }
        do {
            _ = try ChildProcess.spawn(["liftrec-no-such-command"], environment: ["PATH": "/usr/bin:/bin"])
        } catch {
            #expect(error.exitStatus == 127)
            #expect(error.message.hasPrefix("cannot run \"liftrec-no-such-command\": No such file or directory"))
        }
    }
}
