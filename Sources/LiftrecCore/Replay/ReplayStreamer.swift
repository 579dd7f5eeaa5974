/// Turns a stored reply into the event stream a request asked for, in its protocol's framing and at the pace
/// `--stream-timing` sets.
enum ReplayStreamer {
    /// The stream answering a request that asked for one, or nil to answer with the plain JSON body.
    ///
    /// The recorded events go out when the fixture kept them, else events made from the reply (no offsets, so no
    /// gaps), each at its offset under `timing`, as the server writes them when they fall due. A fixture recorded
    /// without streaming thus answers a streamed request; an error reply stays a plain JSON body, as the APIs send one.
    /// Recorded events `request` did not ask for (OpenAI's usage chunk) are left out.
    static func response<Body: JSONNode>(
        status: Int, body: [UInt8], recorded: RecordedStream?, speaking wireProtocol: any WireProtocol, timing: ReplayStreamTiming,
        answering request: Body
    ) -> HTTPResponse? {
        guard (200..<300).contains(status) else { return nil }
        let timed: [(ServerSentEvent, Double?)]
        if let recorded, !recorded.events.isEmpty {
            timed = recorded.events.filter { wireProtocol.replays($0.event, answering: request) }.map { ($0.event, $0.offsetMs) }
        } else {
            guard let reply = try? JSONParser.parse(body).objectValue, let events = wireProtocol.streamEvents(of: reply) else { return nil }
            timed = events.map { ($0, nil) }
        }
        var response = HTTPResponse(status: status, headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"])
        response.chunks = timed.map { ResponseChunk(offsetMilliseconds: timing.delay(offsetMs: $0.1), bytes: $0.0.bytes) }
        return response
    }
}
