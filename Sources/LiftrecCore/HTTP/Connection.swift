/// One accepted client connection; owned by one event loop and touched only on its thread.
final class Connection {
    /// A request awaiting its response, in the order requests arrived.
    struct Slot {
        /// The handler's answer once given.
        var response: HTTPResponse?
        /// How the response is framed and whether the connection survives it.
        let disposition: HTTPRequestParser.Disposition
    }

    /// A response whose body is going out over time; later responses wait behind it.
    struct Stream {
        /// The body's pieces, in order.
        let chunks: [ResponseChunk]
        /// The next piece to write.
        var next = 0
        /// When the response's head was written, on the loop's clock.
        let startedAt: UInt64
        /// The pieces are framed as chunks; otherwise the body ends when the connection closes.
        let chunked: Bool

        /// When the next piece is due, on the loop's clock.
        var nextDue: UInt64 {
            startedAt + chunks[next].offsetNanoseconds
        }
    }

    /// Where the connection is in its life.
    enum Phase: Equatable {
        /// Reading and answering requests.
        case open
        /// No more requests are read; close once the slots are answered and the output is written.
        case closing
        /// Our side is shut down; reading and discarding until the client closes or the deadline passes,
        /// so that unread request bytes do not turn the close into a reset that destroys the last response.
        case lingering(deadline: UInt64)
    }

    /// The socket.
    let fd: Int32
    /// Distinguishes this connection from a later one given the same descriptor.
    let id: UInt64
    /// The request being received.
    var parser: HTTPRequestParser
    /// Received bytes not yet consumed by the parser.
    var input: [UInt8] = []
    /// Requests waiting for their responses; `slots[0]` has sequence number `firstSequence`.
    var slots: [Slot] = []
    /// The sequence number of `slots[0]`.
    var firstSequence: UInt64 = 0
    /// Serialized responses; bytes before `outputSent` are already written.
    var output: [UInt8] = []
    /// How much of `output` the socket has taken.
    var outputSent = 0
    /// The streamed response being written, if any.
    var stream: Stream?
    /// The phase.
    var phase = Phase.open
    /// The client has shut down its side.
    var peerClosed = false
    /// Parsing stopped because too many responses are pending; resume when they drain.
    var parsePaused = false
    /// At least one request has been received.
    var hasReceivedRequest = false
    /// When the request head now being received began (or when the connection was accepted).
    var headStartedAt: UInt64
    /// When bytes last moved in either direction.
    var lastActivity: UInt64
    /// The epoll events currently watched.
    var interest: UInt32
    /// Queued for servicing at the end of the loop iteration.
    var isDirty = false
    /// Closed; any reference left is stale.
    var isClosed = false

    /// A connection accepted at `now`, watched for `interest`.
    init(fd: Int32, id: UInt64, limits: HTTPRequestParser.Limits, now: UInt64, interest: UInt32) {
        self.fd = fd
        self.id = id
        self.parser = HTTPRequestParser(limits: limits)
        self.headStartedAt = now
        self.lastActivity = now
        self.interest = interest
    }

    /// The sequence number the next request gets.
    var nextSequence: UInt64 {
        firstSequence + UInt64(slots.count)
    }

    /// Output not yet written.
    var unsentCount: Int {
        output.count - outputSent
    }
}
