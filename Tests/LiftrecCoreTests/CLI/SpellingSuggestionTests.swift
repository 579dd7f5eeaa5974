import Testing
@testable import LiftrecCore

@Suite struct SpellingSuggestionTests {
    @Test func countsASwapOfNeighboursAsOneEdit() {
        #expect(SpellingSuggestion.closest(to: "strcit", among: ["strict", "stale"]) == "strict")
        #expect(SpellingSuggestion.closest(to: "dyr-run", among: ["dry-run"]) == "dry-run")
    }

    @Test func ignoresCase() {
        #expect(SpellingSuggestion.closest(to: "JSON", among: ["json"]) == "json")
    }

    @Test func allowsMoreEditsForLongerWordsUpToThree() {
        #expect(SpellingSuggestion.closest(to: "conc", among: ["concurrency"]) == nil)
        #expect(SpellingSuggestion.closest(to: "concurncy", among: ["concurrency"]) == "concurrency")
        #expect(SpellingSuggestion.closest(to: "jsno", among: ["json"]) == "json")
        #expect(SpellingSuggestion.closest(to: "deploy", among: ["replay"]) == nil)
        #expect(SpellingSuggestion.closest(to: "js", among: ["json"]) == nil)
        #expect(SpellingSuggestion.closest(to: "x", among: ["all"]) == nil)
    }

    @Test func prefersTheNearestThenTheEarliest() {
        #expect(SpellingSuggestion.closest(to: "rot", among: ["port", "root"]) == "root")
        #expect(SpellingSuggestion.closest(to: "oort", among: ["port", "root"]) == "port")
        #expect(SpellingSuggestion.closest(to: "roots", among: ["port", "root"]) == "root")
        #expect(SpellingSuggestion.closest(to: "", among: []) == nil)
    }
}
