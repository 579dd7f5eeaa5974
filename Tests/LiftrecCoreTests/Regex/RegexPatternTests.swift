import Testing
@testable import LiftrecCore

@Suite struct RegexPatternTests {
    private func outcome(_ pattern: String, _ input: String) throws -> RegexPattern.Outcome {
        try RegexPattern(pattern).search(input)
    }

    @Test(arguments: [
        // literals and unanchored search
        ("abc", "xxabcxx", true),
        ("abc", "ab", false),
        ("", "anything", true),
        ("a.c", "a\u{1F600}c", true),
        ("a.c", "a\nc", false),
        ("a.c", "a\u{2028}c", false),
        // anchors
        ("^abc", "abcdef", true),
        ("^abc", "xabc", false),
        ("abc$", "xxabc", true),
        ("abc$", "abcx", false),
        ("^$", "", true),
        ("^$", "a", false),
        ("^[a-z_][a-z0-9_]*$", "add_two", true),
        ("^[a-z_][a-z0-9_]*$", "Add", false),
        ("^[a-z_][a-z0-9_]*$", "9lives", false),
        ("^[a-z_][a-z0-9_]*$", "", false),
        // alternation and groups
        ("^(cat|dog)s?$", "dogs", true),
        ("^(cat|dog)s?$", "cow", false),
        ("^(?:ab|cd)+$", "abcdab", true),
        ("^(?:ab|cd)+$", "abc", false),
        ("^(a|)$", "", true),
        ("^(?<word>\\w+)$", "named_group", true),
        // classes
        ("^[^0-9]+$", "abc", true),
        ("^[^0-9]+$", "ab1", false),
        ("^[\\d\\s]+$", "1 2\t3", true),
        ("^[\\w-]+$", "kebab-case_1", true),
        ("^[a\\-z]+$", "a-z", true),
        ("^[a\\-z]+$", "b", false),
        ("^[-a]+$", "-a-", true),
        ("^[]$", "", false),
        ("^[^]$", "\n", true),
        ("^[\\u00e9\\x41]+$", "\u{e9}A", true),
        ("^[à-ÿ]$", "é", true),
        ("^\\D\\W\\S$", "a!x", true),
        ("^\\D$", "5", false),
        // quantifier bounds
        ("^a{3}$", "aaa", true),
        ("^a{3}$", "aa", false),
        ("^a{2,}$", "aaaaa", true),
        ("^a{2,}$", "a", false),
        ("^a{1,2}$", "aa", true),
        ("^a{1,2}$", "aaa", false),
        ("^a{0}b$", "b", true),
        ("^x{,2}$", "x{,2}", true),
        ("^a+?b$", "aaab", true),
        ("^a*?$", "aaa", true),
        ("^a{2,3}?$", "aaa", true),
        ("^(a*)*b$", "aaab", true),
        ("^(a*)*b$", "aaaa", false),
        // escapes
        ("^\\d{3}-\\d{4}$", "555-1234", true),
        ("^\\d{3}-\\d{4}$", "555-12345", false),
        ("^a\\.b$", "a.b", true),
        ("^a\\.b$", "axb", false),
        ("^https?:\\/\\/", "https://example.com", true),
        ("^\\\\$", "\\", true),
        ("^\\t\\n$", "\t\n", true),
        ("^\\u00e9$", "\u{e9}", true),
        ("^\\uD83D\\uDE00$", "\u{1F600}", true),
        ("^\\u{1F600}$", "\u{1F600}", true),
        ("^\\x41$", "A", true),
        ("^\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$$", "*+?()[]{}|^$", true),
        // word boundaries
        ("\\bcat\\b", "a cat sat", true),
        ("\\bcat\\b", "concatenate", false),
        ("\\Bcat\\B", "concatenate", true),
        // Unicode scalars, not bytes or grapheme clusters
        ("^.{2}$", "é\u{1F600}", true),
        ("^.$", "e\u{301}", false),
        ("^.{2}$", "e\u{301}", true),
    ])
    func matchesLikeECMAScript(pattern: String, input: String, expected: Bool) throws {
        #expect(try outcome(pattern, input) == (expected ? .match : .noMatch))
    }

    @Test func catastrophicPatternAnswersInsteadOfHanging() throws {
        let pattern = try RegexPattern("(a+)+$")
        #expect(pattern.search(String(repeating: "a", count: 5_000) + "!") == .noMatch)
        #expect(pattern.search(String(repeating: "a", count: 5_000)) == .match)
        #expect(try RegexPattern("^(\\w+\\s?)*$").search(String(repeating: "word ", count: 2_000) + "!") == .noMatch)
    }

    @Test func stepBudgetStopsPlainBacktracking() throws {
        let pattern = try RegexPattern("(a+)+$")
        let noMemory = RegexPattern.Limits(rememberedStates: 0, backtrackingSteps: 10_000)
        #expect(pattern.search(String(repeating: "a", count: 40) + "!", limits: noMemory) == .tooExpensive)
        #expect(pattern.search("aaa!a", limits: noMemory) == .match)
        #expect(try RegexPattern("^(a*)*b$").search(String(repeating: "a", count: 30), limits: noMemory) == .tooExpensive)
    }

    @Test func longInputBeyondRememberedStatesStillMatches() throws {
        let long = String(repeating: "ab", count: 400_000)
        #expect(try RegexPattern("^(ab)+$").search(long) == .match)
        #expect(try RegexPattern("^[ab]+c").search(long) == .noMatch)
    }

    @Test(arguments: [
        ("(?<=a)b", "lookbehind (?<=…)"),
        ("(?<!a)b", "negative lookbehind (?<!…)"),
        ("a(?=b)", "lookahead (?=…)"),
        ("a(?!b)", "negative lookahead (?!…)"),
        ("(a)\\1", "the backreference \\1"),
        ("(?<x>a)\\k<x>", "the named backreference \\k<…>"),
        ("\\p{L}", "the Unicode property escape \\p"),
        ("\\Aabc", "the escape \\A"),
        ("(?i)abc", "the group syntax \"(?i\""),
    ])
    func rejectsUnsupportedSyntaxByName(pattern: String, construct: String) {
        do {
            _ = try RegexPattern(pattern)
            Issue.record("\(pattern) compiled")
        } catch {
            #expect(error.problem == .unsupported(construct))
            #expect(error.description.hasPrefix("pattern \"\(pattern)\" at offset"))
            #expect(error.description.contains(construct))
        }
    }

    @Test(arguments: [
        ("*a", RegexError.Problem.nothingToRepeat, 0),
        ("a**", .nothingToRepeat, 2),
        ("^*", .nothingToRepeat, 1),
        ("a)", .unmatchedParenthesis, 1),
        ("(a", .unterminatedGroup, 0),
        ("[a-", .unterminatedClass, 0),
        ("[z-a]", .rangeOutOfOrder("z-a"), 1),
        ("a{3,1}", .repetitionOutOfOrder("{3,1}"), 1),
        ("a{1001}", .repetitionTooLarge(1001), 2),
        ("\\x4", .invalidEscape("\\x"), 0),
        ("\\uD800", .invalidEscape("\\uD800 (a lone surrogate)"), 0),
        ("abc\\", .invalidEscape("\\ at the end of the pattern"), 3),
        ("(?:a{1000}){20}", .programTooLarge, 0),
    ])
    func rejectsMalformedPatterns(pattern: String, problem: RegexError.Problem, offset: Int) {
        do {
            _ = try RegexPattern(pattern)
            Issue.record("\(pattern) compiled")
        } catch {
            #expect(error.problem == problem)
            #expect(error.offset == offset)
        }
    }

    @Test func deepNestingIsRejectedNotRecursedInto() {
        let pattern = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        do {
            _ = try RegexPattern(pattern)
            Issue.record("deep pattern compiled")
        } catch {
            #expect(error.problem == .nestedTooDeeply)
        }
    }

    @Test func unknownBraceIsALiteral() throws {
        #expect(try outcome("^a{b}$", "a{b}") == .match)
        #expect(try outcome("^}$", "}") == .match)
        #expect(try outcome("^]$", "]") == .match)
    }
}
