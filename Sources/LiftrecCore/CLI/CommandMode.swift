/// One way of running a command, chosen by a mode option such as `--serve`, with the options that mode takes.
///
/// An option given to a mode that would ignore it is a usage error, so a user never trusts an option that does nothing.
enum CommandMode: String, Sendable, CaseIterable {
    /// `liftrec record`.
    case record
    /// `liftrec record --adopt`.
    case adopt
    /// `liftrec record --dry-run`: the plan and its cost, with nothing sent.
    case plan
    /// `liftrec replay`, printing fixtures.
    case replay
    /// `liftrec replay --serve`.
    case serve
    /// `liftrec diff --against STORE`.
    case storeDiff
    /// `liftrec diff` against the live endpoint.
    case liveDiff
    /// `liftrec prune`.
    case prune
    /// `liftrec verify`.
    case verify
    /// `liftrec merge`.
    case merge

    /// The command this mode belongs to.
    var command: CommandName {
        switch self {
        case .record, .adopt, .plan: return .record
        case .replay, .serve: return .replay
        case .storeDiff, .liveDiff: return .diff
        case .prune: return .prune
        case .verify: return .verify
        case .merge: return .merge
        }
    }

    /// The mode as users write it, `liftrec replay --serve`.
    var title: String {
        switch self {
        case .record, .replay, .prune, .verify, .merge: return "liftrec \(command.rawValue)"
        case .adopt: return "liftrec record --adopt"
        case .plan: return "liftrec record --dry-run"
        case .serve: return "liftrec replay --serve"
        case .storeDiff: return "liftrec diff --against"
        case .liveDiff: return "liftrec diff without --against"
        }
    }

    /// How to switch to this mode from `other`, a mode of the same command.
    private func switchHint(from other: CommandMode) -> String {
        switch self {
        case .adopt: return "add --adopt"
        case .plan: return "add --dry-run"
        case .serve: return "add --serve"
        case .record: return other == .plan ? "drop --dry-run" : "drop --adopt"
        case .replay: return "drop --serve"
        case .storeDiff: return "add --against STORE"
        case .liveDiff: return "drop --against to diff against the endpoint"
        case .prune, .verify, .merge: return ""
        }
    }

    /// The options this mode takes besides the common ones.
    var options: [OptionSpec] {
        switch self {
        case .record:
            return OptionSpec.list(.endpoint, .cacert, .onlyRecord, .all, .concurrency, .retries, .timeout, .warmupTimeout, .maxCost, .shard, .dedupe,
                    .streamRecord, .waitLock, .maxAgeRecord, .dryRunRecord, .markdown)
        case .adopt: return OptionSpec.list(.adopt, .onlyRecord, .waitLock, .dryRunRecord, .markdown)
        // A plan resolves the endpoint and weighs --max-cost as the run would, but connects to nothing and locks nothing.
        case .plan: return OptionSpec.list(.endpoint, .onlyRecord, .all, .maxCost, .shard, .dedupe, .maxAgeRecord, .dryRunRecord, .markdown)
        case .replay: return OptionSpec.list(.onlyReplay)
        case .serve: return OptionSpec.list(.onlyReplay, .serve, .host, .port, .maxBody, .latency, .streamTiming, .failEvery, .strictServe, .upstream, .recordMissing, .learn, .receipt)
        case .storeDiff: return OptionSpec.list(.against, .store, .ignore, .failOn, .markdown)
        case .liveDiff: return OptionSpec.list(.ignore, .endpoint, .cacert, .samples, .update, .failOn, .concurrency, .retries, .timeout, .maxCost, .markdown)
        case .prune: return OptionSpec.list(.dryRunPrune, .stale, .unusedIn)
        case .verify: return OptionSpec.list(.strictVerify, .maxAge, .junit, .markdown)
        case .merge: return OptionSpec.list(.waitLock, .markdown)
        }
    }

    /// Whether the mode runs a command given after `--`.
    var acceptsTrailingCommand: Bool { self == .serve }

    /// The mode `arguments` select for `command`.
    static func selected(by command: CommandName, _ arguments: ParsedArguments) -> CommandMode {
        switch command {
        case .record: return arguments[.adopt] ? .adopt : arguments[.dryRunRecord] ? .plan : .record
        case .replay: return arguments[.serve] ? .serve : .replay
        case .diff: return arguments[.against] != nil ? .storeDiff : .liveDiff
        case .prune: return .prune
        case .verify: return .verify
        case .merge: return .merge
        }
    }

    /// Fails with a usage error naming the first option, or trailing command, that this mode would ignore.
    func check(_ arguments: ParsedArguments) throws(UsageError) {
        let taken = Set((options + CommandCatalog.commonOptions).map(\.name))
        let spec = CommandCatalog.spec(for: command)
        for option in spec.options where arguments.isGiven(option) && !taken.contains(option.name) {
            let owner = Self.allCases.first { $0.command == command && $0 != self && $0.options.contains { $0.name == option.name } }
            throw .inapplicableOption(option.spelling, mode: title, owner: owner?.title, fix: owner?.switchHint(from: self))
        }
        if !arguments.trailing.isEmpty && !acceptsTrailingCommand {
            throw .inapplicableTrailingCommand(arguments.trailing, mode: title)
        }
    }
}
