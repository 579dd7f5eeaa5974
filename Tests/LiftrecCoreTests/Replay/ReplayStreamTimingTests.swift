import Testing
@testable import LiftrecCore

@Suite struct ReplayStreamTimingTests {
    @Test func parsesNoneRecordedAndAFactor() {
        #expect(ReplayStreamTiming("none") == ReplayStreamTiming.none)
        #expect(ReplayStreamTiming("recorded") == .recorded)
        #expect(ReplayStreamTiming("x0.1") == .scaled(0.1))
        #expect(ReplayStreamTiming("x2") == .scaled(2))
    }

    @Test(arguments: ["", "x", "0.1", "x-1", "x101", "xnan", "fast"])
    func refusesAnythingElse(_ text: String) {
        #expect(ReplayStreamTiming(text) == nil)
    }

    @Test func scalesRecordedOffsetsAndGivesContentEventsNoGap() {
        #expect(ReplayStreamTiming.none.delay(offsetMs: 500) == 0)
        #expect(ReplayStreamTiming.recorded.delay(offsetMs: 500) == 500)
        #expect(ReplayStreamTiming.recorded.delay(offsetMs: nil) == 0)
        #expect(ReplayStreamTiming.scaled(0.1).delay(offsetMs: 500) == 50)
    }
}
