import Testing
@testable import LiftrecCore

@Suite struct HTTPRequestParserTests {
    typealias Corpus = HTTPParserCorpus

    @Test(arguments: HTTPParserCorpus.all)
    func reachesTheExpectedVerdict(_ sample: ParserSample) {
        let verdict = sample.verdict
        #expect(ParserSample.Expectation(verdict) == sample.expected, "\(verdict)")
    }

    @Test func parsesPipelinedRequests() throws {
        let requests = Corpus.pipelined.verdict.requests.map(\.request)
        try #require(requests.count == 3)
        #expect(requests[0].method == "GET")
        #expect(requests[0].path == "/a")
        #expect(requests[0].query == "x=1&y")
        #expect(requests[0].headers["x-two"] == "spaced value")
        #expect(requests[0].headers.fields.map(\.name) == ["Host", "X-Two"])
        #expect(requests[1].body == Array("hello".utf8))
        #expect(requests[1].query == nil)
        #expect(requests[2].body == Array("abcde".utf8))
    }

    @Test func takesPathsFromAbsoluteAndAsteriskTargets() {
        let requests = Corpus.targets.verdict.requests.map(\.request)
        #expect(requests.map(\.path) == ["/p/q", "*", "/"])
        #expect(requests.first?.query == "z")
    }

    @Test func decidesKeepAliveByVersionAndConnectionHeader() {
        #expect(Corpus.keepAlive.verdict.requests.map(\.disposition) == [
            .init(keepAlive: true, isHead: false, isHTTP10: false),
            .init(keepAlive: true, isHead: true, isHTTP10: true),
            .init(keepAlive: false, isHead: false, isHTTP10: true),
            .init(keepAlive: false, isHead: false, isHTTP10: false),
        ])
    }

    @Test func toleratesOneEmptyLineBeforeARequest() {
        #expect(Corpus.emptyLineFirst.verdict.requests.first?.request.path == "/")
    }

    @Test func keepsWhatFitsTheLimitsWhole() {
        #expect(Corpus.fittingRequestLine.verdict.requests.first?.request.target == Corpus.fittingTarget)
        #expect(Corpus.fittingHeaders.utf8.count + 2 == Corpus.limits.headers)
        #expect(Corpus.bodyAtLimit.verdict.requests.first?.request.body.count == Corpus.limits.body)
        #expect(Corpus.repeatedLength.verdict.requests.first?.request.body == Array("ok".utf8))
        #expect(Corpus.capitalChunked.verdict.requests.first?.request.body == [])
        #expect(Corpus.spacedChunkSize.verdict.requests.first?.request.body == Array("abc".utf8))
    }

    @Test func asksForContinueOnlyWhenABodyIsComing() {
        var parser = HTTPRequestParser(limits: Corpus.limits)
        let head = Corpus.expectsContinue.bytes
        let consumed = head.withUnsafeBufferPointer { parser.parse($0).consumed }
        #expect(consumed == head.count)
        #expect(parser.awaitsContinue)
        parser.noteContinueSent()
        #expect(!parser.awaitsContinue)
        var emptyParser = HTTPRequestParser(limits: Corpus.limits)
        let step = Corpus.expectsContinueWithoutBody.bytes.withUnsafeBufferPointer { emptyParser.parse($0).step }
        guard case .request = step else {
            Issue.record("a request without a body is complete at once")
            return
        }
        #expect(!emptyParser.awaitsContinue)
    }
}
