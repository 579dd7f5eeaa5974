import Testing
@testable import LiftrecCore

@Suite struct ArgumentParserTests {
    @Test func acceptsSpaceAndEqualsForms() throws {
        let parsed = try ArgumentParser.parse(["--suite", "a", "--suite=b", "--concurrency=8", "--timeout", "12.5"], spec: CommandCatalog.record)
        #expect(parsed[.suite] == ["a", "b"])
        #expect(parsed[.concurrency] == 8)
        #expect(parsed[.timeout] == 12.5)
    }

    @Test func keepsRepeatedValuesInOrder() throws {
        let parsed = try ArgumentParser.parse(["--only", "c", "--only=a", "--only", "b"], spec: CommandCatalog.replay)
        #expect(parsed[.onlyRecord] == ["c", "a", "b"])
        #expect(parsed[.onlyRecord].last == "b")
    }

    @Test func rejectsANonRepeatableOptionGivenTwice() {
        let error = parseError(["--port", "1", "--port=2"], CommandCatalog.replay)
        #expect(error == .repeatedOption("--port"))
        #expect(error?.message == "option '--port' given more than once; keep one of them")
        #expect(parseError(["--json", "--json"], CommandCatalog.verify) == .repeatedOption("--json"))
    }

    @Test func rejectsAValueGivenToAFlag() {
        let error = parseError(["--strict=yes"], CommandCatalog.verify)
        #expect(error == .unexpectedValue(option: "--strict", value: "yes"))
        #expect(error?.message == "option '--strict' takes no value, got '--strict=yes'; write '--strict' alone")
        #expect(parseError(["-h=1"], CommandCatalog.verify) == .unexpectedValue(option: "--help", value: "1"))
    }

    @Test func takesEverythingAfterDoubleDashAsTheTrailingCommand() throws {
        let parsed = try ArgumentParser.parse(["--serve", "--", "pytest", "-x", "--json", "--"], spec: CommandCatalog.replay)
        #expect(parsed[.serve])
        #expect(!parsed[.json])
        #expect(parsed.trailing == ["pytest", "-x", "--json", "--"])
        #expect(try ArgumentParser.parse(["--serve"], spec: CommandCatalog.replay).trailing == [])
    }

    @Test func rejectsWordsAfterDoubleDashWhenTheCommandRunsNone() throws {
        let error = parseError(["--strict", "--", "extra"], CommandCatalog.verify)
        #expect(error == .unexpectedArgument("extra", command: .verify, acceptsTrailingCommand: false))
        #expect(error?.message == "unexpected argument 'extra' for 'liftrec verify'; run 'liftrec verify --help' for the options")
        #expect(try ArgumentParser.parse(["--strict", "--"], spec: CommandCatalog.verify)[.strictVerify])
    }

    @Test func pointsAStrayWordOnReplayToDoubleDash() {
        let error = parseError(["--serve", "pytest"], CommandCatalog.replay)
        #expect(error?.message == "unexpected argument 'pytest' for 'liftrec replay'; put the command to run after '--', as in 'liftrec replay -- pytest'")
    }

    @Test func suggestsTheClosestOptionForAnUnknownOne() {
        let error = parseError(["--sute", "provider"], CommandCatalog.verify)
        #expect(error == .unknownOption("--sute", command: .verify, suggestion: "--suite"))
        #expect(error?.message == "unknown option '--sute' for 'liftrec verify'; did you mean '--suite'?")
        #expect(parseError(["--concurency=2"], CommandCatalog.diff) == .unknownOption("--concurency", command: .diff, suggestion: "--concurrency"))
        #expect(parseError(["-suite", "x"], CommandCatalog.prune) == .unknownOption("-suite", command: .prune, suggestion: "--suite"))
    }

    @Test func saysWhereToLookWhenNoOptionIsClose() {
        let error = parseError(["--frobnicate"], CommandCatalog.verify)
        #expect(error == .unknownOption("--frobnicate", command: .verify, suggestion: nil))
        #expect(error?.message == "unknown option '--frobnicate' for 'liftrec verify'; run 'liftrec verify --help' for the options")
        #expect(parseError(["-x"], CommandCatalog.verify) == .unknownOption("-x", command: .verify, suggestion: nil))
    }

    @Test func doesNotOfferOptionsOfOtherCommands() {
        #expect(parseError(["--serve"], CommandCatalog.verify) == .unknownOption("--serve", command: .verify, suggestion: nil))
    }

    @Test func reportsAMissingValueWithItsPlaceholder() {
        let atEnd = parseError(["--suite"], CommandCatalog.verify)
        #expect(atEnd == .missingValue(option: "--suite", placeholder: "NAME"))
        #expect(atEnd?.message == "missing value for '--suite'; write it as '--suite NAME'")
        #expect(parseError(["--suite", "--json"], CommandCatalog.verify) == .missingValue(option: "--suite", placeholder: "NAME"))
        #expect(parseError(["--endpoint", "--", "x"], CommandCatalog.record) == .missingValue(option: "--endpoint", placeholder: "[PROTOCOL=]URL|sim[:k=v,...]"))
    }

    @Test func reportsAnEmptyValueAsEmptyNotMissing() {
        let empty = parseError(["--suite", ""], CommandCatalog.verify)
        #expect(empty == .emptyValue(option: "--suite", placeholder: "NAME"))
        #expect(empty?.message == "--suite was given an empty NAME; write it as '--suite NAME'")
        #expect(parseError(["--suite="], CommandCatalog.verify) == .emptyValue(option: "--suite", placeholder: "NAME"))
    }

    @Test func escapesControlCharactersInTheValuesItQuotes() {
        let error = parseError(["--max-age", "1\nd"], CommandCatalog.verify)
        #expect(error?.message.contains("\n") == false)
        #expect(error?.message.contains(#""1\nd""#) == true)
    }

    @Test func acceptsValuesStartingWithADashOnlyAfterEquals() throws {
        #expect(try ArgumentParser.parse(["--only=-odd-key"], spec: CommandCatalog.record)[.onlyRecord] == ["-odd-key"])
        #expect(parseError(["--only", "-odd-key"], CommandCatalog.record) == .missingValue(option: "--only", placeholder: "KEY"))
    }

    @Test func readsANegativeNumberAsAValueAndRejectsItByRange() {
        let error = parseError(["--port", "-1"], CommandCatalog.replay)
        #expect(error?.message == "--port expects a whole number from 0 to 65535, got '-1'")
        #expect(parseError(["--max-cost", "-0.5"], CommandCatalog.record)?.message == "--max-cost expects a non-negative number up to 1000000, such as 2.5, got '-0.5'")
    }

    @Test func validatesWholeNumbersAgainstTheirRange() throws {
        let error = parseError(["--concurrency", "many"], CommandCatalog.record)
        #expect(error == .invalidValue(option: "--concurrency", value: "many", expected: "a whole number from 1 to 64", suggestion: nil))
        #expect(error?.message == "--concurrency expects a whole number from 1 to 64, got 'many'")
        for bad in ["0", "65", "+5", "4.0", "99999999999999999999999", " 4"] {
            #expect(parseError(["--concurrency", bad], CommandCatalog.record) != nil, "accepted \(bad)")
        }
        #expect(try ArgumentParser.parse(["--concurrency", "64", "--retries", "0"], spec: CommandCatalog.record)[.concurrency] == 64)
        #expect(parseError(["--fail-every", "0"], CommandCatalog.replay)?.message == "--fail-every expects a whole number of at least 1, got '0'")
    }

    @Test func validatesDecimals() throws {
        for (text, value) in [("0.5", 0.5), ("2", 2.0), (".25", 0.25), ("7.", 7.0), ("0", 0.0)] {
            #expect(try ArgumentParser.parse(["--max-cost", text], spec: CommandCatalog.diff)[.maxCost] == value)
        }
        for bad in ["1e3", "inf", "nan", ".", "1.2.3", "0x10", "abc", String(repeating: "9", count: 400)] {
            #expect(parseError(["--max-cost", bad], CommandCatalog.diff)?.message == "--max-cost expects a non-negative number up to 1000000, such as 2.5, got '\(bad)'")
        }
    }

    @Test func validatesChoicesAndSuggestsTheClosestWord() throws {
        let error = parseError(["--fail-on", "chnaged"], CommandCatalog.diff)
        #expect(error?.message == "--fail-on expects 'changed', 'reshaped', 'unstable' or 'never', got 'chnaged'; did you mean 'changed'?")
        #expect(parseError(["--color=rainbow"], CommandCatalog.diff)?.message == "--color expects 'auto', 'always' or 'never', got 'rainbow'")
        #expect(try ArgumentParser.parse(["--fail-on", "never", "--color", "always"], spec: CommandCatalog.diff)[.failOn] == .never)
    }

    @Test func readsChoicesAsTheirEnumsWithTheEnumsWordsInOrder() throws {
        let parsed = try ArgumentParser.parse(["--fail-on", "unstable", "--color=never"], spec: CommandCatalog.diff)
        #expect(parsed[.failOn] == .unstable)
        #expect(parsed[.color] == .never)
        #expect(OptionKey.failOn.spec.placeholder == LiveDiffCommand.FailOn.allCases.map(\.rawValue).joined(separator: "|"))
        #expect(OptionKey.color.spec.placeholder == ColorMode.allCases.map(\.rawValue).joined(separator: "|"))
    }

    @Test func parsesLatencies() throws {
        let cases: [(String, ReplayLatency)] = [("none", .none), ("recorded", .recorded), ("200ms", .fixed(milliseconds: 200)), ("1.5s", .fixed(milliseconds: 1_500)), ("0", .fixed(milliseconds: 0))]
        for (text, latency) in cases {
            #expect(try ArgumentParser.parse(["--serve", "--latency", text], spec: CommandCatalog.replay)[.latency] == latency)
        }
        let expected = "'none', 'recorded' or a duration with its unit, such as 200ms or 2s, at most 1h"
        #expect(parseError(["--latency", "200"], CommandCatalog.replay)?.message == "--latency expects \(expected), got '200'; did you mean '200ms'?")
        #expect(parseError(["--latency", "2h"], CommandCatalog.replay)?.message == "--latency expects \(expected), got '2h'")
        #expect(parseError(["--latency", "recordd"], CommandCatalog.replay)?.message == "--latency expects \(expected), got 'recordd'; did you mean 'recorded'?")
    }

    @Test func parsesStreamTimings() throws {
        let cases: [(String, ReplayStreamTiming)] = [("none", .none), ("recorded", .recorded), ("x0.1", .scaled(0.1)), ("x2", .scaled(2)), ("x0", .scaled(0))]
        for (text, timing) in cases {
            #expect(try ArgumentParser.parse(["--serve", "--stream-timing", text], spec: CommandCatalog.replay)[.streamTiming] == timing)
        }
        let expected = "'none', 'recorded' or x and a factor from 0 to 100, such as x0.1"
        #expect(parseError(["--stream-timing", "0.1"], CommandCatalog.replay)?.message == "--stream-timing expects \(expected), got '0.1'; did you mean 'x0.1'?")
        for bad in ["x", "x-1", "x101", "xnan", "xinf", "fast"] {
            #expect(parseError(["--stream-timing", bad], CommandCatalog.replay)?.message == "--stream-timing expects \(expected), got '\(bad)'")
        }
    }

    @Test func parsesShards() throws {
        let shard = try ArgumentParser.parse(["--shard", "2/4"], spec: CommandCatalog.record)[.shard]
        #expect(shard?.index == 2 && shard?.count == 4)
        #expect(try ArgumentParser.parse(["--shard=1/1"], spec: CommandCatalog.record)[.shard]?.count == 1)
        for bad in ["0/4", "5/4", "2", "a/b", "2/4/1", "-1/4", "/4", "2/", "2/-4"] {
            #expect(parseError(["--shard", bad], CommandCatalog.record)?.message == "--shard expects a shard I/N with 1 <= I <= N, such as 2/4, got '\(bad)'")
        }
    }

    @Test func parsesDurationsIntoSeconds() throws {
        let olderThan = OptionKey<Double?>.duration("older-than", placeholder: "AGE", help: "")
        let spec = CommandSpec(name: .prune, summary: "", usage: [], discussion: "", options: [olderThan.spec], examples: [])
        for (text, seconds) in [("45s", 45.0), ("90m", 5_400), ("12h", 43_200), ("30d", 2_592_000), ("2w", 1_209_600), ("1.5h", 5_400), ("30", 30)] {
            #expect(try ArgumentParser.parse(["--older-than", text], spec: spec)[olderThan] == seconds)
        }
        for bad in ["d", "30x", "-5m", "1e3s", "infh", String(repeating: "9", count: 306) + "w"] {
            #expect(parseError(["--older-than=\(bad)"], spec)?.message == "--older-than expects a duration such as 45s, 90m, 12h, 30d or 2w, got '\(bad)'")
        }
    }

    @Test func readsDefaultsFromTheSpecWhenOptionsAreAbsent() throws {
        let replay = try ArgumentParser.parse([], spec: CommandCatalog.replay)
        #expect(replay[.host] == "127.0.0.1")
        #expect(replay[.port] == 0)
        #expect(replay[.maxBody] == 16 * 1024 * 1024)
        #expect(replay[.color] == .auto)
        #expect(replay[.suite] == [])
        #expect(replay[.latency] == .none)
        #expect(replay[.streamTiming] == .none)
        #expect(replay[.failEvery] == nil)
        #expect(!replay[.strictVerify])
        let record = try ArgumentParser.parse(["--timeout", "30"], spec: CommandCatalog.record)
        #expect(record[.concurrency] == 4)
        #expect(record[.retries] == 3)
        #expect(record[.timeout] == 30)
        #expect(record[.warmupTimeout] == 600)
        #expect(record[.waitLock] == 0)
    }

    @Test func acceptsTheShortHelpFlag() throws {
        #expect(try ArgumentParser.parse(["-h"], spec: CommandCatalog.prune)[.help])
    }

    @Test func aTerminatorWithNoCommandAfterItIsAnError() {
        #expect(parseError(["--serve", "--"], CommandCatalog.replay)?.message
            == "nothing after '--' for 'liftrec replay'; give the command to run, as in 'liftrec replay --serve -- pytest tests'")
    }
}
