/// What a replay server has answered so far: totals, hits per case, and each distinct request that missed.
struct ReplayStatistics: Sendable {
    /// One distinct request that found no fixture.
    struct Miss: Sendable {
        /// Its `request_sha256`.
        let request: String
        /// How many times it arrived.
        var count: Int
        /// The closest case, when the suites have any.
        let nearest: NearestCase?
        /// The case `--record-missing` stored the upstream's reply under, `suite/key`, when it did.
        var recordedAs: String?
    }

    /// Hits of one served case.
    struct CaseHits: Sendable {
        /// The suite's name.
        let suite: String
        /// The case key.
        let key: String
        /// Requests it answered.
        let hits: Int
    }

    /// Generate requests received.
    var requests = 0
    /// Generate requests answered from a fixture.
    var hits = 0
    /// Generate requests no fixture answered (captured and forwarded ones included).
    var misses = 0
    /// Upstream replies stored as fixtures.
    var recorded = 0
    /// Requests forwarded to the upstream.
    var forwarded = 0
    /// Replies replaced by a 500 under `--fail-every`.
    var injectedFailures = 0
    /// Generate requests refused because the body was not a JSON request object.
    var badRequests = 0
    /// Hits per served case, in suite order.
    var cases: [CaseHits] = []
    /// Distinct missed requests in the order first seen, at most `maximumDistinctMisses`.
    private(set) var missed: [Miss] = []
    private var missIndex: [String: Int] = [:]

    /// Distinct misses remembered; further ones are only counted.
    static let maximumDistinctMisses = 1000

    /// Counts a miss of the request with `fingerprint`.
    mutating func countMiss(_ fingerprint: String, nearest: NearestCase?) {
        misses += 1
        if let index = missIndex[fingerprint] {
            missed[index].count += 1
        } else if missed.count < Self.maximumDistinctMisses {
            missIndex[fingerprint] = missed.count
            missed.append(Miss(request: fingerprint, count: 1, nearest: nearest, recordedAs: nil))
        }
    }

    /// Counts an upstream reply stored as the fixture of `label` for the missed request with `fingerprint`.
    mutating func countRecorded(_ fingerprint: String, as label: String) {
        recorded += 1
        if let index = missIndex[fingerprint] { missed[index].recordedAs = label }
    }

    /// The totals as the stats route and `--json` summary show them.
    var totals: [(String, JSONValue)] {
        [
            ("requests", .number(JSONNumber(requests))),
            ("hits", .number(JSONNumber(hits))),
            ("misses", .number(JSONNumber(misses))),
            ("recorded", .number(JSONNumber(recorded))),
            ("forwarded", .number(JSONNumber(forwarded))),
            ("injected_failures", .number(JSONNumber(injectedFailures))),
            ("bad_requests", .number(JSONNumber(badRequests))),
        ]
    }

    /// The misses as JSON objects `{"request_sha256", "count", "nearest"}`.
    var missedJSON: JSONValue {
        .array(missed.map { miss in
            .object(JSONObject([
                ("request_sha256", .string(miss.request)),
                ("count", .number(JSONNumber(miss.count))),
                ("nearest", miss.nearest?.json ?? .null),
                ("recorded_as", miss.recordedAs.map(JSONValue.string) ?? .null),
            ]))
        })
    }

    /// The body of `GET /__liftrec/stats`: the totals, `keys` (hits per case) and `missed`.
    var json: JSONValue {
        let keys = JSONValue.array(cases.map { entry in
            .object(JSONObject([("suite", .string(entry.suite)), ("key", .string(entry.key)), ("hits", .number(JSONNumber(entry.hits)))]))
        })
        return .object(JSONObject(totals + [("keys", keys), ("missed", missedJSON)]))
    }

    /// The lines printed on stderr when the server stops: totals, then `missText`.
    var text: String {
        var text = "replay: \(requests) generate request\(requests == 1 ? "" : "s"): \(hits) hit\(hits == 1 ? "" : "s"), \(misses) miss\(misses == 1 ? "" : "es")"
        if forwarded > 0 { text += ", \(forwarded) forwarded" }
        if recorded > 0 { text += ", \(recorded) recorded" }
        if injectedFailures > 0 { text += ", \(injectedFailures) injected failure\(injectedFailures == 1 ? "" : "s")" }
        if badRequests > 0 { text += ", \(badRequests) bad request\(badRequests == 1 ? "" : "s")" }
        return text + "\n" + missText
    }

    /// One line per distinct miss, naming the nearest case; empty without misses.
    var missText: String {
        var text = ""
        for miss in missed {
            let times = miss.count == 1 ? "" : " (\(miss.count) times)"
            // A miss that --record-missing stored needs no `liftrec record`: the next run is served offline.
            let outcome = miss.recordedAs.map { "recorded from the upstream as \($0); the next run serves it offline" }
            text += "  miss \(miss.request.prefix(12))\(times): \(outcome ?? miss.nearest?.explanation ?? "the selected suites have no cases")\n"
        }
        if misses > 0 && missed.count == Self.maximumDistinctMisses {
            text += "  (only the first \(Self.maximumDistinctMisses) distinct misses are listed)\n"
        }
        return text
    }
}
