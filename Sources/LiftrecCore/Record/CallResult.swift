/// How one scheduled call ended: an endpoint outcome after some attempts, or never sent.
struct CallResult: Sendable {
    /// The last outcome, or nil when the call was never sent.
    let outcome: EndpointOutcome?
    /// Why the call was not sent or not retried further, if so.
    let stoppedBy: StopCause?
    /// Requests sent for this call, retries included.
    let attempts: Int
    /// Milliseconds the final attempt took.
    let latencyMs: Double
    /// The final attempt's events, when its reply was streamed.
    var stream: RecordedStream?

    /// A call that was never sent because the run was interrupted first.
    static let never = CallResult(outcome: nil, stoppedBy: .interrupted, attempts: 0, latencyMs: 0)
}
