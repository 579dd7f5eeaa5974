/// One piece of a streamed response body and when it is due, measured from the moment the response starts.
struct ResponseChunk: Sendable, Equatable {
    /// When the piece is written, in nanoseconds after the response's head.
    var offsetNanoseconds: UInt64
    /// The piece's bytes; an empty piece is skipped, since an empty chunk would end the body.
    var bytes: [UInt8]

    /// A piece of `bytes` due `offsetNanoseconds` after the response starts.
    init(offsetNanoseconds: UInt64, bytes: [UInt8]) {
        self.offsetNanoseconds = offsetNanoseconds
        self.bytes = bytes
    }

    /// A piece due `milliseconds` after the response starts (negative and non-finite values are due at once).
    init(offsetMilliseconds milliseconds: Double, bytes: [UInt8]) {
        let clamped = milliseconds.isFinite ? min(max(milliseconds, 0), 86_400_000) : 0
        self.init(offsetNanoseconds: UInt64((clamped * 1_000_000).rounded()), bytes: bytes)
    }
}
