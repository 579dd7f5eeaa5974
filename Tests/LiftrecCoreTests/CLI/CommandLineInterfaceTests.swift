import Testing
@testable import LiftrecCore

@Suite struct CommandLineInterfaceTests {
    @Test func showsOverallHelpAsAnErrorWhenGivenNothing() throws {
        #expect(try CommandLineInterface.resolve([]) == .help(HelpFormatter.overview(), isError: true))
    }

    @Test func showsOverallHelpOnRequest() throws {
        for words in [["help"], ["--help"], ["-h"], ["help", "help"], ["help", "--help"]] {
            #expect(try CommandLineInterface.resolve(words) == .help(HelpFormatter.overview(), isError: false), "for \(words)")
        }
    }

    @Test func showsCommandHelpForHelpCommandAndCommandHelp() throws {
        for command in CommandName.allCases {
            let expected = Invocation.help(HelpFormatter.help(for: CommandCatalog.spec(for: command)), isError: false)
            #expect(try CommandLineInterface.resolve(["help", command.rawValue]) == expected)
            #expect(try CommandLineInterface.resolve([command.rawValue, "--help"]) == expected)
            #expect(try CommandLineInterface.resolve([command.rawValue, "-h"]) == expected)
        }
    }

    @Test func helpWinsOverOtherWordsEvenInvalidOnes() throws {
        let expected = Invocation.help(HelpFormatter.help(for: CommandCatalog.verify), isError: false)
        #expect(try CommandLineInterface.resolve(["verify", "--bogus", "--concurrency", "many", "--help"]) == expected)
        #expect(try CommandLineInterface.resolve(["verify", "--suite", "provider", "-h", "stray"]) == expected)
    }

    @Test func leavesHelpAfterDoubleDashToTheTrailingCommand() throws {
        guard case .run(.serve, let arguments) = try CommandLineInterface.resolve(["replay", "--serve", "--", "pytest", "--help"]) else {
            Issue.record("expected a replay run")
            return
        }
        #expect(arguments.trailing == ["pytest", "--help"])
        #expect(!arguments[.help])
    }

    @Test func rejectsAnUnknownHelpTopicWithASuggestion() {
        #expect(resolveError(["help", "recrod"]) == .unknownHelpSubject("recrod", suggestion: "record"))
        #expect(resolveError(["help", "verify", "more"]) == .unexpectedArgument("more", command: nil, acceptsTrailingCommand: false))
    }

    @Test func printsTheVersion() throws {
        #expect(try CommandLineInterface.resolve(["--version"]) == .version)
        #expect(try CommandLineInterface.resolve(["-V"]) == .version)
        let error = resolveError(["--version", "verify"])
        #expect(error?.message == "unexpected argument 'verify' for 'liftrec'; run 'liftrec --help' for the commands")
    }

    @Test func suggestsTheClosestCommand() {
        let error = resolveError(["verfy"])
        #expect(error == .unknownCommand("verfy", suggestion: "verify"))
        #expect(error?.message == "unknown command 'verfy'; did you mean 'verify'?")
        #expect(resolveError(["hlep"]) == .unknownCommand("hlep", suggestion: "help"))
        #expect(resolveError(["Record"]) == .unknownCommand("Record", suggestion: "record"))
    }

    @Test func pointsToTheCommandListWhenNoCommandIsClose() {
        #expect(resolveError(["deploy"])?.message == "unknown command 'deploy'; run 'liftrec --help' for the commands")
    }

    @Test func rejectsOptionsBeforeTheCommand() {
        #expect(resolveError(["--verison"])?.message == "unknown option '--verison' for 'liftrec'; did you mean '--version'?")
        #expect(resolveError(["--suite=provider", "verify"])?.message == "unknown option '--suite' for 'liftrec'; run 'liftrec --help' for the commands")
    }

    @Test func resolvesACommandWithItsArguments() throws {
        let invocation = try CommandLineInterface.resolve(["record", "--suite", "provider", "--endpoint", "sim:latency=200ms", "--concurrency", "8"])
        guard case .run(let command, let arguments) = invocation else {
            Issue.record("expected a run, got \(invocation)")
            return
        }
        #expect(command == .record)
        #expect(arguments[.suite] == ["provider"])
        #expect(arguments[.endpoint] == ["sim:latency=200ms"])
        #expect(arguments[.concurrency] == 8)
    }

    @Test func passesParseErrorsThrough() {
        #expect(resolveError(["verify", "--sute", "x"]) == .unknownOption("--sute", command: .verify, suggestion: "--suite"))
    }
}
