/// The fixtures a replay server answers from, indexed by the fingerprint of the request each was recorded from.
///
/// A request is answered by the fixtures recorded for its fingerprint in the first selected suite that has any;
/// several fixtures for one fingerprint answer successive identical requests in suite order, the last repeating.
/// Not thread-safe: `ReplayService` keeps it behind a lock.
struct ReplayCatalog: Sendable {
    /// One selected case, where its fixture lives, and the reply stored for it.
    struct Entry: Sendable {
        /// The suite's name.
        let suite: String
        /// The case.
        let suiteCase: SuiteCase
        /// The store file holding its fixture.
        let storePath: String
        /// The stored reply, or nil when the store has none.
        var answer: Answer?
        /// Requests answered with this entry.
        var hits = 0
    }

    /// A stored reply ready to send, with the fingerprints of the request it was recorded from.
    struct Answer: Sendable {
        /// `request_sha256` of the recorded request.
        let request: String
        /// The digests of the recorded request's parts (prompt, schema, params, or members), when the fixture keeps them.
        let parts: [String: String]?
        /// The HTTP status the endpoint answered with.
        let status: Int
        /// The reply body as the endpoint sent it, serialised once.
        let body: [UInt8]
        /// The endpoint's own `generation_time_ms`, for `--latency recorded`.
        let generationMs: Double?
        /// The model the fixture was recorded from.
        let model: String?

        /// The answer a stored fixture gives; a legacy fixture counts as recorded from its case's current request.
        init(_ fixture: Fixture, for suiteCase: SuiteCase) {
            let facts = try? fixture.facts()
            let current = suiteCase.fingerprint
            (request, parts) = facts.map { ($0.requestSHA256, $0.parts(comparableWith: current)) } ?? (current.request, current.parts)
            let reply = fixture.reply(facts: facts, speaking: suiteCase.wireProtocol)
            status = reply.status
            body = JSONWriter.compact(.object(reply.body))
            generationMs = facts?.generationTimeMs?.doubleValue
            model = facts?.model
        }
    }

    /// What to do with one generate request.
    enum Resolution: Equatable {
        /// Answer with entry `index`'s stored reply.
        case hit(Int)
        /// Ask the upstream and store its reply for entry `index`, whose case makes this request.
        case capture(Int)
        /// No stored reply and no case to record one for.
        case miss
    }

    /// The selected cases in suite order.
    private(set) var entries: [Entry] = []
    // Entries answering each fingerprint, in entry order.
    private var answers: [String: [Int]] = [:]
    // Entries whose case makes the request with this fingerprint but holds no reply recorded from it.
    private var gaps: [String: [Int]] = [:]
    // Identical requests answered so far, per test and fingerprint.
    private var positions: [Sequence: Int] = [:]

    /// Whose turn a position counts: parallel test workers each get a case's sequence from its start.
    private struct Sequence: Hashable {
        let test: String
        let fingerprint: String
    }

    /// A catalog of the cases of `suites` (those named in `only`, or all) with the fixtures in `stores` by path.
    init(suites: [Suite], stores: [String: Store], only: [String]) {
        var owners: [String: String] = [:]
        for suite in suites {
            let store = stores[suite.storePath]
            for suiteCase in CaseSelection.filter(suite.cases, only: only) {
                let index = entries.count
                let answer = store?.fixture(suiteCase.storeKey).map { Answer($0, for: suiteCase) }
                entries.append(Entry(suite: suite.name, suiteCase: suiteCase, storePath: suite.storePath, answer: answer))
                if let answer, owners[answer.request, default: suite.name] == suite.name {
                    owners[answer.request] = suite.name
                    answers[answer.request, default: []].append(index)
                }
                if answer?.request != suiteCase.fingerprint.request {
                    gaps[suiteCase.fingerprint.request, default: []].append(index)
                }
            }
        }
    }

    /// The model the first fixture that names one was recorded from.
    var recordedModel: String? {
        entries.lazy.compactMap { $0.answer?.model }.first
    }

    /// Decides how to answer the next request with `fingerprint` from `test` (empty when the client names none);
    /// `capturing` allows recording a missing reply.
    mutating func resolve(_ fingerprint: String, capturing: Bool, test: String = "") -> Resolution {
        let sequence = Sequence(test: test, fingerprint: fingerprint)
        let position = positions[sequence, default: 0]
        let answering = answers[fingerprint] ?? []
        if capturing, position >= answering.count, let gap = gaps[fingerprint]?.first {
            gaps[fingerprint]?.removeFirst()
            positions[sequence] = position + 1
            return .capture(gap)
        }
        guard let last = answering.last else { return .miss }
        let index = position < answering.count ? answering[position] : last
        positions[sequence] = min(position + 1, answering.count)
        entries[index].hits += 1
        return .hit(index)
    }

    /// Makes `answer` entry `index`'s reply, replacing what it answered before.
    mutating func store(_ answer: Answer, at index: Int) {
        if let previous = entries[index].answer {
            answers[previous.request]?.removeAll { $0 == index }
        }
        entries[index].answer = answer
        Self.insert(index, into: &answers[answer.request, default: []])
    }

    /// Gives back a capture that stored nothing, so the next identical request tries again.
    mutating func release(_ index: Int, test: String = "") {
        let fingerprint = entries[index].suiteCase.fingerprint.request
        Self.insert(index, into: &gaps[fingerprint, default: []])
        let sequence = Sequence(test: test, fingerprint: fingerprint)
        positions[sequence] = max(0, positions[sequence, default: 1] - 1)
    }

    /// The case of protocol `protocolName` whose request shares the most parts with `fingerprint`, the earliest on a
    /// tie; nil when no served case speaks that protocol.
    func nearest(to fingerprint: RequestFingerprint, protocolName: String, request: JSONObject? = nil) -> NearestCase? {
        var best: NearestCase?
        let incoming = fingerprint.parts
        for entry in entries where entry.suiteCase.wireProtocol.name == protocolName {
            let current = entry.suiteCase.fingerprint
            let total = Set(incoming.keys).union(current.parts.keys).count
            var candidates = [(current.changedParts(since: incoming), false)]
            // A fixture recorded from the case's current request says nothing the case does not.
            if let answer = entry.answer, answer.request != current.request, let parts = answer.parts {
                candidates.insert((fingerprint.changedParts(since: parts), true), at: 0)
            }
            for (differs, recorded) in candidates where best.map({ differs.count < $0.differs.count }) ?? true {
                // The values can be named only against the case itself: a fixture keeps hashes of its parameters.
                let values = differs.contains("params") && !recorded && current.members == nil
                    ? request.map { NearestCase.parameterDifferences(in: $0, from: entry.suiteCase.parameters) } ?? [] : []
                best = NearestCase(
                    suite: entry.suite, key: entry.suiteCase.key, differs: differs, comparedWithFixture: recorded, parameters: values,
                    sharesNothing: differs.count >= total
                )
            }
        }
        return best
    }

    private static func insert(_ index: Int, into list: inout [Int]) {
        guard !list.contains(index) else { return }
        list.insert(index, at: list.firstIndex { $0 > index } ?? list.count)
    }
}
