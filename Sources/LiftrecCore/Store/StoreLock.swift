import Glibc

/// An exclusive lock on one store, held through `flock` on a side file so the kernel frees it if liftrec dies.
struct StoreLock: Sendable {
    private let fd: Int32
    /// The side file that carries the lock (`.NAME.json.lock` beside the store).
    let lockPath: String

    /// The side file for `storePath`.
    static func lockPath(for storePath: String) -> String {
        FileSystem.directoryName(storePath) + "/." + FileSystem.baseName(storePath) + ".lock"
    }

    /// Takes the lock, waiting up to `waitSeconds` for another holder, else failing with `.locked`.
    ///
    /// Waiting suspends the task on the environment's sleep, so no thread is held while another process works.
    static func acquire(storePath: String, display: String, waitSeconds: Double, environment: Environment) async throws(LiftrecError) -> StoreLock {
        let path = lockPath(for: storePath)
        do {
            try FileSystem.createDirectories(FileSystem.directoryName(storePath))
        } catch {
            throw .io(error)
        }
        let start = environment.monotonic()
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(FileError(path: path, operation: "create lock file", code: errno)) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // The holder before us unlinks the file on release; if we locked a file that is no longer at
                // the path, someone else may lock the new one, so start over.
                var held = stat()
                var current = stat()
                if fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino, held.st_dev == current.st_dev {
                    return StoreLock(fd: fd, lockPath: path)
                }
                close(fd)
                continue
            }
            let code = errno
            close(fd)
            guard code == EWOULDBLOCK || code == EINTR else {
                throw .io(FileError(path: path, operation: "lock", code: code))
            }
            let waited = environment.monotonic() - start
            if waited >= waitSeconds { throw .locked(file: display, waitedSeconds: waited) }
            await environment.sleep(min(0.05, waitSeconds - waited))
        }
    }

    /// Removes the side file and releases the lock.
    func release() {
        unlink(lockPath)
        close(fd)
    }
}
