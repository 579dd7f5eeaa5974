import Testing
@testable import LiftrecCore

@Suite struct ReplayStreamTimingTests {
    @Test func parsesNoneRecordedAndAFactor() throws {
        #expect(try ReplayStreamTiming(parsing: "none") == .none)
        #expect(try ReplayStreamTiming(parsing: "recorded") == .recorded)
        #expect(try ReplayStreamTiming(parsing: "x0.1") == .scaled(0.1))
        #expect(try ReplayStreamTiming(parsing: "x2") == .scaled(2))
    }

    @Test(arguments: ["", "x", "0.1", "x-1", "x101", "xnan", "fast"])
    func refusesAnythingElse(_ text: String) {
        #expect(throws: LiftrecError.self) { try ReplayStreamTiming(parsing: text) }
    }

    @Test func scalesRecordedOffsetsAndGivesContentEventsNoGap() {
        #expect(ReplayStreamTiming.none.delay(offsetMs: 500) == 0)
        #expect(ReplayStreamTiming.recorded.delay(offsetMs: 500) == 500)
        #expect(ReplayStreamTiming.recorded.delay(offsetMs: nil) == 0)
        #expect(ReplayStreamTiming.scaled(0.1).delay(offsetMs: 500) == 50)
    }
}
