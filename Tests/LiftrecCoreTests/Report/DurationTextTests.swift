import Testing
@testable import LiftrecCore

@Suite struct DurationTextTests {
    static let cases: [(Double, String)] = [
        (0.0, "0s"), (0.9, "0s"), (-5, "0s"), (Double.nan, "0s"), (59.9, "59s"), (60, "1m"), (3_661, "1h 1m"),
        (86_400 * 30, "30d"), (90_000, "1d 1h"), (86_400 + 59, "1d"), (604_800 * 2, "14d"), (1e30, "106751991167300d 15h"),
    ]

    @Test(arguments: cases)
    func formatsTheTwoLargestUnits(seconds: Double, text: String) {
        #expect(DurationText.format(seconds) == text)
    }

    @Test func maxAgeValuesReadAsSeconds() {
        #expect(OptionValueKind.duration.value(from: "30d") == .duration(2_592_000))
        #expect(OptionValueKind.duration.value(from: "12h") == .duration(43_200))
        #expect(OptionValueKind.duration.value(from: "2w") == .duration(1_209_600))
        #expect(OptionValueKind.duration.value(from: "30") == nil)
    }
}
