/// Progress on stderr: one updating line on a terminal, one plain line per event otherwise (CI logs).
struct ProgressLine: Sendable {
    private let sink: TextSink
    private let quiet: Bool
    private var showing = false

    /// Progress written to `sink`; `quiet` keeps only failures.
    init(sink: TextSink, quiet: Bool) {
        self.sink = sink
        self.quiet = quiet
    }

    /// Prints a finished event as its own line (above the status line on a terminal).
    mutating func event(_ line: String, isFailure: Bool = false) {
        guard !quiet || isFailure else { return }
        clear()
        sink.line(line)
    }

    /// Replaces the status line on a terminal; does nothing elsewhere.
    mutating func status(_ line: String) {
        guard sink.isTerminal, !quiet else { return }
        sink.write("\r\u{1B}[2K" + line)
        showing = true
    }

    /// Removes the status line.
    mutating func clear() {
        guard showing else { return }
        sink.write("\r\u{1B}[2K")
        showing = false
    }

    /// A writer for a status that a concurrent task keeps current (the warm-up's elapsed time): on a terminal it
    /// replaces the status line, elsewhere it prints a line; `clear()` later removes it from a terminal.
    mutating func ticker() -> @Sendable (String) -> Void {
        let sink = sink
        guard !quiet else { return { _ in } }
        clear()
        showing = sink.isTerminal
        return { line in sink.write(sink.isTerminal ? "\r\u{1B}[2K" + line : line + "\n") }
    }

    /// Whether the status goes to a terminal, where it can be redrawn in place.
    var isTerminal: Bool { sink.isTerminal }

    /// A line writer for notices from concurrent tasks (retries): it clears a terminal's status line first.
    static func notice(to sink: TextSink, quiet: Bool) -> @Sendable (String) -> Void {
        { line in
            guard !quiet else { return }
            sink.write((sink.isTerminal ? "\r\u{1B}[2K" : "") + line + "\n")
        }
    }
}
