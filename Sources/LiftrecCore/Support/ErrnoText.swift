import Glibc

/// The system's text for an `errno` value (`No space left on device`), or `errno N` when it has none.
func errnoText(_ code: Int32) -> String {
    strerror(code).map { String(cString: $0) } ?? "errno \(code)"
}
