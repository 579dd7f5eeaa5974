/// What `HTTPRequestParser` reaches on a stream of bytes read in given pieces: the requests it returns, then its rejection, if any.
struct HTTPParseVerdict: Equatable, CustomStringConvertible {
    /// One request the parser returned, with how its connection treats the response.
    struct Request: Equatable {
        /// The request as parsed.
        var request: HTTPRequest
        /// Keep-alive, HEAD and version facts for the response.
        var disposition: HTTPRequestParser.Disposition

        static func == (left: Request, right: Request) -> Bool {
            left.request.method == right.request.method && left.request.target == right.request.target
                && left.request.headers.fields.elementsEqual(right.request.headers.fields) { $0 == $1 }
                && left.request.body == right.request.body && left.disposition == right.disposition
        }
    }

    /// The requests returned, in order.
    var requests: [Request] = []
    /// Why the parser refused the stream after those requests, or nil when it wants more bytes or saw none.
    var rejection: RequestRejection?

    /// The verdict on `bytes` read in pieces that end at each offset of `cuts` (ascending) and at the end, kept the way a connection keeps unconsumed bytes.
    init(_ bytes: [UInt8], limits: HTTPRequestParser.Limits, cuts: [Int] = []) {
        var parser = HTTPRequestParser(limits: limits)
        var pending: [UInt8] = []
        var start = 0
        for end in cuts + [bytes.count] where end > start && end <= bytes.count {
            pending.append(contentsOf: bytes[start..<end])
            start = end
            // Each pass returns a request (consuming at least one byte) or leaves the loop, so pending.count + 1 passes suffice.
            for _ in 0...pending.count {
                let (consumed, step) = pending.withUnsafeBufferPointer { parser.parse($0) }
                pending.removeFirst(consumed)
                switch step {
                case .incomplete:
                    break
                case .request(let request, let disposition):
                    requests.append(Request(request: request, disposition: disposition))
                    continue
                case .rejected(let rejection):
                    self.rejection = rejection
                    return
                }
                break
            }
        }
    }

    /// A short account for failure messages: each request's method and target, then the rejection's status and message.
    var description: String {
        let accepted = requests.map { "\($0.request.method) \($0.request.target) (\($0.request.body.count) body bytes)" }
        return (accepted + [rejection.map { "\($0.status) \($0.message)" } ?? "wants more"]).joined(separator: "; ")
    }

    /// Compares the verdict on `bytes` read whole with the verdicts when read byte by byte and in splits seeded by `seeds`; describes the first difference, or returns nil.
    static func segmentationDifference(_ bytes: [UInt8], limits: HTTPRequestParser.Limits, seeds: some Sequence<UInt64>) -> String? {
        let whole = HTTPParseVerdict(bytes, limits: limits)
        var splits = [("byte by byte", Array(0..<bytes.count))]
        for seed in seeds {
            splits.append(("split seeded \(seed)", randomCuts(count: bytes.count, seed: seed)))
        }
        for (name, cuts) in splits {
            let verdict = HTTPParseVerdict(bytes, limits: limits, cuts: cuts)
            if verdict != whole {
                return "read whole: \(whole); read \(name): \(verdict)"
            }
        }
        return nil
    }

    // Piece lengths come from a range chosen per seed, so some splits are fine-grained and others coarse.
    private static func randomCuts(count: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        let longest = [1, 3, 16, 256, max(count / 2, 1)][random.int(in: 0...4)]
        var cuts: [Int] = []
        var offset = random.int(in: 1...longest)
        while offset < count {
            cuts.append(offset)
            offset += random.int(in: 1...longest)
        }
        return cuts
    }
}
