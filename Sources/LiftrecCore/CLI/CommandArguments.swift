// How each mode's typed options become its command: one initialiser per command, each reading only the options of
// its mode (`CommandMode.options`) through their typed keys, so an option's value, or its default, is never
// supplied anywhere else.

extension LiveOptions {
    /// The endpoint, concurrency, retry, timeout, budget and output options of `record` and live `diff`.
    init(_ arguments: ParsedArguments) {
        self.init()
        endpointFlags = arguments[.endpoint]
        caCertificateFlag = arguments[.cacert]
        concurrency = arguments[.concurrency]
        retries = arguments[.retries]
        timeout = arguments[.timeout]
        warmupTimeout = arguments[.warmupTimeout]
        maxCost = arguments[.maxCost]
        waitLock = arguments[.waitLock]
        quiet = arguments[.quiet]
        verbose = arguments[.verbose]
    }
}

extension RecordCommand {
    /// `liftrec record` as `arguments` ask for it.
    init(_ arguments: ParsedArguments) {
        self.init()
        only = arguments[.onlyRecord]
        all = arguments[.all]
        live = LiveOptions(arguments)
        shard = arguments[.shard]
        dedupe = arguments[.dedupe]
        stream = arguments[.streamRecord]
        dryRun = arguments[.dryRunRecord]
        maxAge = arguments[.maxAgeRecord]
    }
}

extension AdoptCommand {
    /// `liftrec record --adopt` as `arguments` ask for it.
    init(_ arguments: ParsedArguments) {
        self.init()
        only = arguments[.onlyRecord]
        waitLock = arguments[.waitLock]
        dryRun = arguments[.dryRunRecord]
    }
}

extension ReplayCommand {
    /// `liftrec replay` as `arguments` ask for it.
    init(_ arguments: ParsedArguments) {
        self.init()
        only = arguments[.onlyReplay]
    }
}

extension ServeCommand {
    /// `liftrec replay --serve` as `arguments` ask for it, with the command after `--` to run while serving.
    init(_ arguments: ParsedArguments) {
        self.init()
        only = arguments[.onlyReplay]
        host = arguments[.host]
        port = arguments[.port]
        maxBody = arguments[.maxBody]
        latency = arguments[.latency]
        streamTiming = arguments[.streamTiming]
        failEvery = arguments[.failEvery]
        strict = arguments[.strictServe]
        upstreams = arguments[.upstream]
        recordMissing = arguments[.recordMissing]
        learn = arguments[.learn]
        command = arguments.trailing
    }
}

extension DiffCommand {
    /// `liftrec diff --against` as `arguments` ask for it, its status words coloured by `style`.
    init(_ arguments: ParsedArguments, style: TextStyle) throws(LiftrecError) {
        self.init()
        ignore = try JSONPointer.ignored(arguments[.ignore])
        failOn = arguments[.failOn]
        self.style = style
    }
}

extension LiveDiffCommand {
    /// `liftrec diff` against the endpoint as `arguments` ask for it.
    init(_ arguments: ParsedArguments) throws(LiftrecError) {
        self.init()
        ignore = try JSONPointer.ignored(arguments[.ignore])
        samples = arguments[.samples]
        update = arguments[.update]
        failOn = arguments[.failOn]
        live = LiveOptions(arguments)
    }
}

extension PruneCommand {
    /// `liftrec prune` as `arguments` ask for it.
    init(_ arguments: ParsedArguments) {
        self.init()
        dryRun = arguments[.dryRunPrune]
        stale = arguments[.stale]
        receipt = arguments[.unusedIn]
    }
}

extension VerifyCommand {
    /// `liftrec verify` as `arguments` ask for it, its status words coloured by `style`, searching for secrets with
    /// `scanner`.
    init(_ arguments: ParsedArguments, style: TextStyle, scanner: SecretScanner) {
        self.init()
        strict = arguments[.strictVerify]
        maxAge = arguments[.maxAge]
        quiet = arguments[.quiet]
        self.style = style
        self.scanner = scanner
    }
}

extension MergeCommand {
    /// `liftrec merge` as `arguments` ask for it; the stores to merge are loaded from its operands by the caller.
    init(_ arguments: ParsedArguments) {
        self.init()
        waitLock = arguments[.waitLock]
    }
}

extension JSONPointer {
    /// The pointers of `--ignore`, each checked.
    fileprivate static func ignored(_ texts: [String]) throws(LiftrecError) -> [JSONPointer] {
        var result: [JSONPointer] = []
        for text in texts {
            guard let pointer = JSONPointer(parsing: text) else {
                throw .usage("--ignore \(singleQuoted(text)) is not a JSON pointer; write it like /signature/parameters/0/type_hint")
            }
            result.append(pointer)
        }
        return result
    }
}
