import Testing
@testable import LiftrecCore

/// One input of the parser tests and the verdict the parser must reach on it, however the bytes are split.
struct ParserSample: Sendable, CustomTestStringConvertible {
    /// How many requests the parser returns, then the status of its rejection, if any.
    struct Expectation: Equatable, Sendable {
        var requests: Int
        var status: Int?

        /// The parser returns `requests` requests and wants more bytes.
        static func accepts(_ requests: Int = 1) -> Expectation {
            Expectation(requests: requests, status: nil)
        }

        /// The parser refuses with `status` after returning `requests` requests.
        static func rejects(_ status: Int, after requests: Int = 0) -> Expectation {
            Expectation(requests: requests, status: status)
        }

        /// The expectation a verdict meets.
        init(_ verdict: HTTPParseVerdict) {
            self.init(requests: verdict.requests.count, status: verdict.rejection?.status)
        }

        private init(requests: Int, status: Int?) {
            self.requests = requests
            self.status = status
        }
    }

    let name: String
    let bytes: [UInt8]
    let expected: Expectation
    let limits: HTTPRequestParser.Limits

    init(_ name: String, _ text: String, _ expected: Expectation, limits: HTTPRequestParser.Limits = HTTPParserCorpus.limits) {
        self.name = name
        bytes = Array(text.utf8)
        self.expected = expected
        self.limits = limits
    }

    var testDescription: String { name }

    /// The verdict on the sample's bytes read whole.
    var verdict: HTTPParseVerdict {
        HTTPParseVerdict(bytes, limits: limits)
    }
}
