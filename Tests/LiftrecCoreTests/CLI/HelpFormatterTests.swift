import Testing
@testable import LiftrecCore

@Suite struct HelpFormatterTests {
    @Test func commandHelpShowsEveryOptionWithItsPlaceholder() {
        for spec in CommandCatalog.all {
            let help = HelpFormatter.help(for: spec)
            let unwrapped = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for option in spec.allOptions {
                #expect(help.contains(option.synopsis), "\(spec.name) help lacks \(option.synopsis)")
                #expect(unwrapped.contains(option.help), "\(spec.name) help lacks \(option.help)")
            }
            for line in spec.usage + spec.examples {
                #expect(help.contains("  " + line + "\n"))
            }
            #expect(help.hasPrefix("liftrec \(spec.name.rawValue): \(spec.summary)"))
        }
    }

    @Test func commandHelpShowsDefaultsAndRepeatability() {
        let record = HelpFormatter.help(for: CommandCatalog.record)
        #expect(record.contains("--concurrency N"))
        #expect(record.contains("in flight at once (default: 4)"))
        #expect(record.contains("--warmup-timeout S"))
        #expect(record.contains("(default: 600)"))
        #expect(record.contains("record only the case with this key; repeatable"))
        #expect(record.contains("-h, --help"))
        #expect(record.contains("--color auto|always|never"))
    }

    @Test func overviewListsCommandsExitStatusesAndEnvironment() {
        let overview = HelpFormatter.overview()
        for spec in CommandCatalog.all {
            #expect(overview.contains("  \(spec.name.rawValue)  "))
        }
        #expect(overview.contains("Print stored responses"))
        for option in CommandCatalog.commonOptions {
            #expect(overview.contains(option.synopsis))
        }
        for status in ["  0 ", "  1 ", "  2 ", "  130 "] {
            #expect(overview.contains(status))
        }
        for variable in ["LIFTREC_ENDPOINT", "MODAL_ENDPOINT_URL", "MODAL_KEY", "MODAL_SECRET", "NO_COLOR"] {
            #expect(overview.contains("  " + variable + " "))
        }
        #expect(overview.contains("liftrec help <command>"))
        #expect(overview.contains("liftrec --version"))
    }

    @Test func everyLineFitsEightyColumns() {
        let texts = [HelpFormatter.overview()] + CommandCatalog.all.map(HelpFormatter.help(for:))
        for text in texts {
            for line in text.split(separator: "\n") {
                #expect(line.count <= 80, "too wide: \(line)")
                #expect(line.last != " ", "trailing space: \(line)")
            }
        }
    }

    @Test func alignsOwnAndCommonOptionsInOneColumn() {
        let lines = HelpFormatter.help(for: CommandCatalog.prune).split(separator: "\n")
        // Where the description starts on the row of a one-word option such as `--json`.
        func descriptionColumn(_ label: String) -> Int? {
            lines.first { $0.hasPrefix("  \(label) ") }.map { $0.count - $0.dropFirst(2 + label.count).drop { $0 == " " }.count }
        }
        #expect(descriptionColumn("--dry-run") != nil)
        #expect(descriptionColumn("--dry-run") == descriptionColumn("--json"))
        #expect(descriptionColumn("--json") == descriptionColumn("--stale"))
    }

    @Test func wrapsGreedilyWithoutBreakingWords() {
        #expect(HelpFormatter.wrap("aa bb cc dd", width: 5) == ["aa bb", "cc dd"])
        #expect(HelpFormatter.wrap("short averyveryverylongword x", width: 8) == ["short", "averyveryverylongword", "x"])
        #expect(HelpFormatter.wrap("", width: 10) == [])
        #expect(HelpFormatter.wrap("a\nb  c", width: 10) == ["a b c"])
    }
}
