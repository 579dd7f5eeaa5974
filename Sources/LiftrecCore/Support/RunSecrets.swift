import Synchronization

/// The secrets of one run, shared by every sink that masks them: they grow once the suites say which variables hold
/// keys, and a sink reads them as it writes.
final class RunSecrets: Sendable {
    private let redactor: Mutex<SecretRedactor>

    /// The secrets `redactor` masks.
    init(_ redactor: SecretRedactor) {
        self.redactor = Mutex(redactor)
    }

    /// The redactor as it stands.
    var current: SecretRedactor {
        redactor.withLock { $0 }
    }

    /// Masks `values` too from now on.
    func add(_ values: [String]) {
        redactor.withLock { $0 = $0.adding(values) }
    }

    /// `sink` with everything written through it masked.
    func mask(_ sink: TextSink) -> TextSink {
        TextSink(isTerminal: sink.isTerminal) { [self] text in sink.write(current.redact(text)) }
    }
}
