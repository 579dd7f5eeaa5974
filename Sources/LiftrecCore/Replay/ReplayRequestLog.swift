/// The most recent requests a replay server answered, oldest first, for `GET /__liftrec/journal`.
struct ReplayRequestLog: Sendable {
    /// How one request was answered.
    enum Outcome: Sendable {
        /// From the fixture of this case.
        case hit(suite: String, key: String)
        /// No fixture; the nearest case if any.
        case miss(NearestCase?)
        /// Forwarded to the upstream and stored as this case's fixture.
        case recorded(suite: String, key: String)
        /// Forwarded to the upstream, not stored.
        case forwarded(NearestCase?)
        /// Any other answer, named by a word such as `health` or `bad_request`.
        case other(String)
    }

    /// One answered request.
    struct Record: Sendable {
        /// Wall time it arrived, in seconds since the epoch.
        let time: Double
        /// The request method.
        let method: String
        /// The request path.
        let path: String
        /// The status answered.
        let status: Int
        /// Milliseconds from arrival to answer.
        let latencyMs: Double
        let outcome: Outcome
    }

    /// Records kept; older ones are dropped.
    static let capacity = 10_000

    private var records: [Record] = []
    private var start = 0
    /// Records dropped to stay within `capacity`.
    private(set) var dropped = 0

    /// Adds `record`, dropping the oldest when full.
    mutating func append(_ record: Record) {
        if records.count < Self.capacity {
            records.append(record)
        } else {
            records[start] = record
            start = (start + 1) % Self.capacity
            dropped += 1
        }
    }

    /// `{"requests": [...], "dropped": n}`, oldest first.
    var json: JSONValue {
        let ordered = records[start...] + records[..<start]
        return .object(JSONObject([
            ("requests", .array(ordered.map(Self.json))),
            ("dropped", .number(JSONNumber(dropped))),
        ]))
    }

    private static func json(_ record: Record) -> JSONValue {
        var object = JSONObject([
            ("time", .string(Timestamp.rfc3339(record.time))),
            ("method", .string(record.method)),
            ("path", .string(record.path)),
            ("status", .number(JSONNumber(record.status))),
            ("latency_ms", .number(JSONNumber(text: milliseconds(record.latencyMs)))),
            ("outcome", .string(record.outcome.word)),
        ])
        switch record.outcome {
        case .hit(let suite, let key), .recorded(let suite, let key):
            object["suite"] = .string(suite)
            object["key"] = .string(key)
        case .miss(let nearest), .forwarded(let nearest):
            object["nearest"] = nearest?.json ?? .null
        case .other:
            break
        }
        return .object(object)
    }

    // Three decimals, written without Foundation.
    private static func milliseconds(_ value: Double) -> String {
        let thousandths = Int((max(0, value) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

extension ReplayRequestLog.Outcome {
    /// The outcome's name in the journal.
    var word: String {
        switch self {
        case .hit: return "hit"
        case .miss: return "miss"
        case .recorded: return "recorded"
        case .forwarded: return "forwarded"
        case .other(let word): return word
        }
    }
}
