/// Reads a `text/event-stream` body back into its events, each timed by the arrival of the blank line that closed it.
enum ServerSentEventReader {
    /// The complete events in `body`, in order; an event the body ends inside of is left out, as a client would.
    static func events(in body: [UInt8], arrivals: [BodyArrival]) -> [RecordedStream.Event] {
        var events: [RecordedStream.Event] = []
        var name: String?
        var data: [String] = []
        var lineStart = 0
        var arrival = 0
        var index = 0
        while index < body.count {
            let byte = body[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            let line = String(decoding: body[lineStart..<index], as: UTF8.self)
            // CRLF is one line end.
            if byte == UInt8(ascii: "\r") && index + 1 < body.count && body[index + 1] == UInt8(ascii: "\n") { index += 1 }
            index += 1
            lineStart = index
            if line.isEmpty {
                guard !data.isEmpty || name != nil else { continue }
                while arrival < arrivals.count - 1 && arrivals[arrival].end < index { arrival += 1 }
                let offset = arrivals.isEmpty ? 0 : arrivals[arrival].offsetMs
                events.append(RecordedStream.Event(ServerSentEvent(name: name, data: data.joined(separator: "\n")), offsetMs: offset))
                name = nil
                data = []
            } else if !line.hasPrefix(":") {
                let (field, value) = split(line)
                if field == "event" { name = value }
                if field == "data" { data.append(value) }
            }
        }
        return events
    }

    // A field line is `name: value`; one space after the colon belongs to the syntax, not the value.
    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
