import Glibc

/// A failed file operation, with the path, what was attempted and the system's reason.
struct FileError: Error, Sendable, Equatable {
    /// The file or directory involved.
    let path: String
    /// What liftrec was doing (`read`, `write`, `rename`, …).
    let operation: String
    /// The `errno` value.
    let code: Int32
    /// What is wrong when the system gave no error, such as "not a regular file"; replaces the `errno` text.
    var detail: String? = nil

    /// The same failure naming `display`, the path as the user gave it, when it was about `path`.
    func shown(as display: String, for path: String) -> FileError {
        guard self.path == path else { return self }
        return FileError(path: display, operation: operation, code: code, detail: detail)
    }

    /// True when the failure is that the path does not exist.
    var isNotFound: Bool { code == ENOENT }

    /// One line: `cannot write 'fixtures/recorded/p.json': No space left on device`.
    var message: String {
        "cannot \(operation) '\(path)': \(detail ?? errnoText(code))"
    }
}
