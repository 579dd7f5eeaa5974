import Glibc

/// A command run as a child process through `posix_spawnp`, in a process group of its own: started with its own
/// environment, signalled as a group, waited for.
struct ChildProcess: Sendable {
    /// Why a command could not be started, with the exit status a shell would give.
    struct SpawnError: Error, Sendable, Equatable {
        /// The command as given.
        let command: String
        /// The `errno` of the failed spawn.
        let code: Int32

        /// One line naming the command and what to check.
        var message: String {
            "cannot run \(quoted(command)): \(errnoText(code)); check the command after '--' and the PATH"
        }

        /// 127 when the command was not found, 126 when it could not be executed, as shells report them.
        var exitStatus: Int32 {
            code == ENOENT ? 127 : 126
        }
    }

    /// The child's process id.
    let pid: pid_t

    // Signals the child must not inherit as ignored or blocked: liftrec ignores SIGINT and SIGTERM while it
    // forwards them, and a command that ignored them could not be stopped.
    private static let restored = [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT]

    /// Starts `arguments[0]` (searched on PATH) with `arguments` and exactly the variables in `environment`.
    static func spawn(_ arguments: [String], environment: [String: String]) throws(SpawnError) -> ChildProcess {
        guard let command = arguments.first else { throw SpawnError(command: "", code: ENOENT) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in restored { sigaddset(&defaults, number) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        // Its own process group lets a signal reach everything the command started, so nothing outlives liftrec.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let result = posix_spawnp(&pid, command, nil, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(command: command, code: result) }
        return ChildProcess(pid: pid)
    }

    /// Sends signal `number` to the child and every process in its group.
    func signal(_ number: Int32) {
        kill(-pid, number)
    }

    /// Ends whatever the child started and left running once the child itself has exited.
    func endGroup() {
        kill(-pid, SIGTERM)
    }

    /// Blocks until the child ends; returns its exit code, or 128 + N when signal N ended it.
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            // ECHILD: the child was already collected and its status is lost; never report that as success.
            guard errno == EINTR else { return 1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
