import Testing
@testable import LiftrecCore

@Suite struct JSONNumberTests {
    @Test func equalValuesWrittenDifferentlyCompareEqual() {
        #expect(JSONNumber(text: "1") == JSONNumber(text: "1.0"))
        #expect(JSONNumber(text: "0.0") == JSONNumber(text: "-0"))
        #expect(JSONNumber(text: "1e2") == JSONNumber(text: "100"))
        #expect(JSONNumber(text: "1.5E+1") == JSONNumber(text: "15"))
        #expect(JSONNumber(text: "1") != JSONNumber(text: "1.0000001"))
        #expect(JSONNumber(text: "-2") != JSONNumber(text: "2"))
    }

    @Test func integralityFollowsTheValueNotTheSpelling() {
        #expect(JSONNumber(text: "1.0").isIntegral)
        #expect(JSONNumber(text: "25e-1").isIntegral == false)
        #expect(JSONNumber(text: "2.5e1").isIntegral)
        #expect(JSONNumber(text: "2.0").intValue == 2)
    }
}
