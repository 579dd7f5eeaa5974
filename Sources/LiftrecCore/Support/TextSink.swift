import Glibc

/// A destination for text output (stdout, stderr, or a test's buffer) that knows whether it is a terminal.
struct TextSink: Sendable {
    /// Writes the text exactly as given; callers add their own newlines.
    let write: @Sendable (String) -> Void
    /// True when the destination is an interactive terminal (progress bars and colour allowed).
    let isTerminal: Bool

    /// A sink from a write function.
    init(isTerminal: Bool = false, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.write = write
    }

    /// Writes `line` followed by a newline.
    func line(_ line: String) {
        write(line + "\n")
    }

    /// A sink over a POSIX file descriptor, written unbuffered so output interleaves correctly with children.
    static func fileDescriptor(_ fd: Int32) -> TextSink {
        TextSink(isTerminal: isatty(fd) == 1) { text in
            var remaining = Array(text.utf8)[...]
            while !remaining.isEmpty {
                let written = remaining.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                remaining = remaining.dropFirst(written)
            }
        }
    }
}
