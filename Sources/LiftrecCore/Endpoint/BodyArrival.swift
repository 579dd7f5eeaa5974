/// When a piece of a response body arrived, so a streamed reply keeps the pace its events came at.
struct BodyArrival: Sendable, Equatable {
    /// The body's length once the piece had arrived.
    var end: Int
    /// Milliseconds from the start of the request to the piece's arrival.
    var offsetMs: Double

}
