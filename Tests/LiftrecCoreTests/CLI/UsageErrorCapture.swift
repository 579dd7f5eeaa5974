@testable import LiftrecCore

/// The usage error `words` give when parsed as arguments of `spec`, or nil when they parse.
func parseError(_ words: [String], _ spec: CommandSpec) -> UsageError? {
    do {
        _ = try ArgumentParser.parse(words, spec: spec)
        return nil
    } catch {
        return error
    }
}

/// The usage error a whole command line gives, or nil when it resolves.
func resolveError(_ words: [String]) -> UsageError? {
    do {
        _ = try CommandLineInterface.resolve(words)
        return nil
    } catch {
        return error
    }
}
