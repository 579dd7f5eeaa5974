import Testing
@testable import LiftrecCore

@Suite struct HTTPParserSegmentationTests {
    @Test(arguments: HTTPParserCorpus.all)
    func reachesTheSameVerdictHoweverReadsSplitTheBytes(_ sample: ParserSample) {
        #expect(HTTPParseVerdict.segmentationDifference(sample.bytes, limits: sample.limits, seeds: 1...8) == nil)
    }
}
