import Testing
@testable import LiftrecCore

@Suite struct RegexExampleGeneratorTests {
    private static let patterns = [
        #"^[a-z_][a-z0-9_]*$"#, #"^\d{3}-\d{4}$"#, #"^(foo|bar)+$"#, "[A-Z]{2,4}", #"^[^a-z]{3}$"#,
        #"^\w+@\w+\.com$"#, #"^(?:[01]\d|2[0-3]):[0-5]\d$"#, "^.{5,8}$", #"^\s*$"#, #"^[\u4e00-\u9fff]{2}$"#,
        "^a|b$", "colou?r", #"^\x41{3}\u0042$"#, #"^[A-Z][a-z]+(?: [A-Z][a-z]+)*$"#, #"^\d+(\.\d{1,2})?$"#,
        #"^v\d+\.\d+\.\d+(-[a-z]+)?$"#, "^(a|bc|def){2,3}$", #"^[\S]{4}$"#,
    ]

    @Test(arguments: patterns)
    func examplesMatchTheirPattern(_ source: String) throws {
        let generator = try #require(RegexExampleGenerator(source))
        let pattern = try RegexPattern(source)
        let preferred = Array("compute_value_of_the_list".unicodeScalars)
        for seed in 0..<40 {
            var random = SplitMix64(seed: UInt64(seed))
            let length = generator.lengths.minimum + seed % 12
            let example = generator.example(length: length, preferred: preferred, &random)
            #expect(pattern.search(example) == .match, "\(source) gave \(JSONValue.quoted(example))")
        }
    }

    @Test func exampleFollowsThePreferredTextWhereThePatternAllows() throws {
        let generator = try #require(RegexExampleGenerator(#"^[a-z_][a-z0-9_]*$"#))
        var random = SplitMix64(seed: 1)
        #expect(generator.example(length: 13, preferred: Array("compute_value".unicodeScalars), &random) == "compute_value")
        let upper = try #require(RegexExampleGenerator("^[A-Z]{2,4}$"))
        #expect(upper.example(length: 9, preferred: Array("add".unicodeScalars), &random).hasPrefix("ADD"))
    }

    @Test func exampleReachesTheTargetLengthWhenThePatternAllowsIt() throws {
        let generator = try #require(RegexExampleGenerator(#"^[a-z_][a-z0-9_]*$"#))
        var random = SplitMix64(seed: 2)
        for length in [1, 7, 100, 500] {
            #expect(generator.example(length: length, preferred: [], &random).unicodeScalars.count == length)
        }
        let fixed = try #require(RegexExampleGenerator(#"^\d{3}-\d{4}$"#))
        #expect(fixed.lengths.minimum == 8 && fixed.lengths.maximum == 8)
        #expect(fixed.example(length: 50, preferred: [], &random).count == 8)
    }

    @Test func lengthsAndAnchorsAreReported() throws {
        let unbounded = try #require(RegexExampleGenerator("^(ab)+c?"))
        #expect(unbounded.lengths.minimum == 2 && unbounded.lengths.maximum == nil)
        #expect(unbounded.anchoredAtStart && !unbounded.anchoredAtEnd)
        #expect(RegexExampleGenerator("(") == nil)
    }
}
