/// The events of a streamed reply as they arrived, kept in `metadata.liftrec.stream` beside the assembled reply.
struct RecordedStream: Sendable, Equatable {
    /// One event and when it arrived.
    struct Event: Sendable, Equatable {
        /// The event as the endpoint framed it.
        var event: ServerSentEvent
        /// Milliseconds from the start of the request to the event's arrival.
        var offsetMs: Double

        /// `event`, arrived `offsetMs` after the request started.
        init(_ event: ServerSentEvent, offsetMs: Double) {
            self.event = event
            self.offsetMs = offsetMs
        }
    }

    /// The events in the order they arrived.
    var events: [Event]

    /// A stream of `events`.
    init(events: [Event]) {
        self.events = events
    }

    /// Reads a stored `[{"event", "data", "offset_ms"}, ...]` array; nil when it is not one.
    init?(parsing value: JSONValue) {
        guard let items = value.arrayValue else { return nil }
        var events: [Event] = []
        for item in items {
            guard let data = item["data"]?.stringValue, let offset = item["offset_ms"]?.numberValue?.doubleValue, offset.isFinite
            else { return nil }
            let name: String?
            switch item["event"] {
            case nil, .null?: name = nil
            case .string(let text)?: name = text
            default: return nil
            }
            events.append(Event(ServerSentEvent(name: name, data: data), offsetMs: offset))
        }
        self.events = events
    }

    /// The stream stored in a fixture's `metadata.liftrec.stream`, when it has a readable one.
    init?(in fixture: Fixture) {
        guard let value = fixture.factsValue?["stream"] else { return nil }
        self.init(parsing: value.value)
    }

    /// The array stored in `metadata.liftrec.stream`, offsets to the whole millisecond.
    var json: JSONValue {
        .array(events.map { event in
            .object(JSONObject([
                ("event", event.event.name.map(JSONValue.string) ?? .null),
                ("data", .string(event.event.data)),
                ("offset_ms", .number(JSONNumber(Int(max(0, event.offsetMs).rounded())))),
            ]))
        })
    }
}
