import Testing
@testable import LiftrecCore

@Suite struct CommandCatalogTests {
    @Test func everyExampleIsARealInvocation() throws {
        for spec in CommandCatalog.all {
            for example in spec.examples {
                let words = example.split(separator: " ").map(String.init).prefix { $0 != ">" }
                #expect(words.first == "liftrec")
                let invocation = try CommandLineInterface.resolve(Array(words.dropFirst()))
                guard case .run(let mode, _) = invocation else {
                    Issue.record("\(example) did not resolve to a run")
                    continue
                }
                #expect(mode.command == spec.name)
            }
        }
    }

    @Test func everyDefaultIsAValidValueOfItsOption() {
        for spec in CommandCatalog.all {
            for option in spec.allOptions {
                if let text = option.defaultValue {
                    #expect(option.kind.value(from: text) != nil, "\(spec.name) \(option.spelling) default \(text)")
                }
            }
        }
    }

    @Test func noCommandHasTwoOptionsWithOneSpelling() {
        for spec in CommandCatalog.all {
            let names = spec.allOptions.map(\.name)
            #expect(Set(names).count == names.count, "\(spec.name)")
            let shorts = spec.allOptions.compactMap(\.shortName)
            #expect(Set(shorts).count == shorts.count, "\(spec.name)")
        }
    }

    @Test func catalogHasOneSpecPerCommandInOrder() {
        #expect(CommandCatalog.all.map(\.name) == CommandName.allCases)
        for name in CommandName.allCases {
            #expect(CommandCatalog.spec(for: name).name == name)
        }
        #expect(CommandCatalog.all.filter(\.acceptsTrailingCommand).map(\.name) == [.replay])
    }

    @Test func commandsHaveTheOptionsOfTheIssues() {
        let expected: [CommandName: [String]] = [
            .verify: ["strict", "max-age", "junit", "markdown"],
            .replay: ["only", "serve", "host", "port", "max-body", "latency", "stream-timing", "fail-every", "strict", "upstream", "record-missing", "learn", "receipt"],
            .prune: ["dry-run", "stale", "unused-in"],
            .merge: ["wait-lock", "markdown"],
            .diff: ["against", "store", "ignore", "endpoint", "cacert", "samples", "update", "fail-on", "concurrency", "retries", "timeout", "max-cost", "markdown"],
            .record: ["endpoint", "cacert", "only", "all", "concurrency", "retries", "timeout", "warmup-timeout", "max-cost", "shard",
                      "dedupe", "stream", "wait-lock", "max-age", "dry-run", "adopt", "markdown"],
        ]
        for spec in CommandCatalog.all {
            #expect(spec.options.map(\.name) == expected[spec.name], "\(spec.name)")
        }
        #expect(CommandCatalog.commonOptions.map(\.name) == ["root", "suite", "json", "quiet", "verbose", "color", "help"])
    }
}
