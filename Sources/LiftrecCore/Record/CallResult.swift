/// How one scheduled call ended: an endpoint outcome after some attempts, or never sent.
public struct CallResult: Sendable {
    /// The last outcome, or nil when the call was never sent.
    public let outcome: EndpointOutcome?
    /// Why the call was not sent or not retried further, if so.
    public let stoppedBy: StopCause?
    /// Requests sent for this call, retries included.
    public let attempts: Int
    /// Milliseconds the final attempt took.
    public let latencyMs: Double
    /// The final attempt's events, when its reply was streamed.
    public var stream: RecordedStream?

    /// A call that was never sent because the run was interrupted first.
    public static let never = CallResult(outcome: nil, stoppedBy: .interrupted, attempts: 0, latencyMs: 0)
}
