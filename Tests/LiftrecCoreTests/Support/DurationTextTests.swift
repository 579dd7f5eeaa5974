import Testing
@testable import LiftrecCore

@Suite struct DurationTextTests {
    static let formatted: [(Double, String)] = [
        (0.0, "0s"), (-5, "0s"), (Double.nan, "0s"), (0.0004, "0ms"), (0.25, "250ms"), (0.9, "900ms"), (0.9996, "1s"),
        (1, "1s"), (2.5, "2.5s"), (9.96, "10s"), (45, "45s"), (59.9, "1m"), (60, "1m"), (185, "3m 5s"), (3_661, "1h 1m"),
        (86_400 * 30, "30d"), (90_000, "1d 1h"), (86_400 + 59, "1d"), (604_800 * 2, "14d"), (1e30, "106751991167300d 15h"),
    ]

    @Test(arguments: formatted)
    func formatsAtAPrecisionThatFitsTheSize(seconds: Double, text: String) {
        #expect(DurationText.format(seconds) == text)
    }

    static let parsed: [(String, Double)] = [
        ("200ms", 0.2), ("45s", 45), ("90m", 5_400), ("12h", 43_200), ("30d", 2_592_000), ("2w", 1_209_600),
        ("1.5h", 5_400), (".5s", 0.5), ("30", 30), ("0.25", 0.25), ("0", 0), ("0ms", 0),
    ]

    @Test(arguments: parsed)
    func readsANumberWithAnOptionalUnitAsSeconds(text: String, seconds: Double) throws {
        #expect(try DurationText.seconds(text) == seconds)
    }

    static let malformed = ["", "ms", "s", "d", "30x", "30 s", " 30s", "-5m", "+5m", "1e3s", "infh", "nan", "0x10s", "1.2.3s", "5sm", "٣s"]

    @Test(arguments: malformed)
    func refusesWhatIsNotAPlainNumberAndUnit(text: String) {
        #expect(throws: DurationText.ParseError.malformed) { try DurationText.seconds(text) }
    }

    @Test func refusesDurationsTooLongToRepresentInsteadOfTrapping() throws {
        for text in ["99999999999999999999d", String(repeating: "9", count: 306) + "w", "1" + String(repeating: "0", count: 400)] {
            #expect(throws: DurationText.ParseError.tooLong) { try DurationText.seconds(text) }
        }
        #expect(try DurationText.seconds("15250w") == 15_250 * 604_800)
        #expect(throws: DurationText.ParseError.tooLong) { try DurationText.seconds("61m", atMost: 3_600) }
        #expect(try DurationText.seconds("1h", atMost: 3_600) == 3_600)
    }

    @Test func whereTheUnitIsRequiredABareNumberIsRefusedWithAdvice() throws {
        #expect(throws: DurationText.ParseError.missingUnit(advice: "write 200ms, or 200s for seconds")) {
            try DurationText.seconds("200", unitRequired: true)
        }
        #expect(try DurationText.seconds("200ms", unitRequired: true) == 0.2)
        #expect(try DurationText.seconds("0", unitRequired: true) == 0)
    }

    @Test func replayLatencyTakesADurationWithItsUnit() {
        #expect(ReplayLatency("none") == ReplayLatency.none)
        #expect(ReplayLatency("recorded") == .recorded)
        #expect(ReplayLatency("200ms") == .fixed(milliseconds: 200))
        #expect(ReplayLatency("1.5s") == .fixed(milliseconds: 1_500))
        #expect(ReplayLatency("200") == nil)
        #expect(ReplayLatency("2h") == nil)
    }

    @Test func optionKindsReadDurationsByTheSameRules() {
        #expect(OptionValueKind.duration.value(from: "30d") == .duration(2_592_000))
        #expect(OptionValueKind.duration.value(from: "30") == .duration(30))
        #expect(OptionValueKind.duration.value(from: "99999999999999999999d") == nil)
        #expect(OptionValueKind.timeLimit.value(from: "180") == .decimal(180))
        #expect(OptionValueKind.timeLimit.value(from: "3m") == .decimal(180))
        #expect(OptionValueKind.timeLimit.value(from: "0") == nil)
        #expect(OptionValueKind.timeLimit.value(from: "2w") == nil)
    }
}
