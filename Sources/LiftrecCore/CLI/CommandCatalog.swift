/// The specs of every command: the single source of both parsing and help text.
enum CommandCatalog {
    /// Options every command accepts.
    static let commonOptions = OptionSpec.list(.root, .suite, .json, .quiet, .verbose, .color, .help)

    /// Every command, in the order help lists them.
    static let all: [CommandSpec] = [record, replay, diff, prune, verify, merge]

    /// The spec of `name`.
    static func spec(for name: CommandName) -> CommandSpec {
        switch name {
        case .record: return record
        case .replay: return replay
        case .diff: return diff
        case .prune: return prune
        case .verify: return verify
        case .merge: return merge
        }
    }

    /// `liftrec record`.
    static let record = CommandSpec(
        name: .record,
        summary: "Record responses from the endpoint for missing and stale cases",
        usage: ["liftrec record [options]"],
        discussion: """
            Sends each case whose fixture is missing, or stale because its request changed, to the \
            endpoint and stores the reply; fixtures that are up to date are left alone unless --all is \
            given. Each reply is saved as soon as it arrives, so an interrupted run loses nothing already \
            paid for and a rerun records only what is still missing. The endpoint is --endpoint, else \
            LIFTREC_ENDPOINT, else MODAL_ENDPOINT_URL, else the suite's own; 'sim' selects the built-in \
            simulator, which needs no Modal account. With --dry-run it lists what would be recorded and the \
            estimated cost, and sends nothing; the options only a real run uses (--cacert, --concurrency, \
            --retries, --timeout, --warmup-timeout, --stream, --wait-lock) are refused there.
            """,
        options: OptionSpec.list(
            .endpoint, .cacert, .onlyRecord, .all, .concurrency, .retries, .timeout, .warmupTimeout, .maxCost, .shard, .dedupe, .streamRecord, .waitLock,
            .maxAgeRecord, .dryRunRecord, .adopt, .markdown
        ),
        examples: [
            "liftrec record --suite provider --endpoint sim",
            "liftrec record --suite provider --only simple_ir_add_function --dry-run",
            "liftrec record --all --concurrency 8 --max-cost 0.50",
        ]
    )

    /// `liftrec replay`.
    static let replay = CommandSpec(
        name: .replay,
        summary: "Print stored responses, or serve them over loopback HTTP",
        usage: ["liftrec replay [options]", "liftrec replay --serve [options] [-- CMD [ARGS...]]"],
        discussion: """
            Without --serve, prints the stored reply of each case on stdout, as the endpoint sent it. With \
            --serve, answers every protocol at once from the store over HTTP: Modal's generate (POST /generate, \
            or POST / for label-style hosts), health and warmup, OpenAI's POST /v1/chat/completions and GET \
            /v1/models, and Anthropic's POST /v1/messages, finding each reply by the fingerprint of the request, \
            so any client (pytest, curl, the official openai and anthropic packages) gets recorded answers \
            offline with the recorded status; the first line on stdout is the generate URL. A \
            request with no stored response gets a 404 naming the nearest case and what differs. \
            GET /__liftrec/stats and GET /__liftrec/journal report what was served. SIGINT or SIGTERM stops the \
            server and prints its statistics on stderr. Given a command after '--', serves while that command \
            runs, with MODAL_ENDPOINT_URL and LIFTREC_ENDPOINT set to the generate URL (printed on stderr \
            instead), OPENAI_BASE_URL to http://127.0.0.1:PORT/v1 and ANTHROPIC_BASE_URL to \
            http://127.0.0.1:PORT, so openai.OpenAI() and anthropic.Anthropic() reach it unchanged, and \
            OPENAI_API_KEY and ANTHROPIC_API_KEY set to a placeholder where unset; it exits with the command's status. --upstream alone forwards misses to a live endpoint \
            without storing them; with --record-missing their replies are validated and stored as record \
            stores them.
            """,
        options: OptionSpec.list(.onlyReplay, .serve, .host, .port, .maxBody, .latency, .streamTiming, .failEvery, .strictServe, .upstream, .recordMissing, .learn, .receipt),
        acceptsTrailingCommand: true,
        examples: [
            "liftrec replay --suite provider --only simple_ir_add_function",
            "liftrec replay --serve --port 8000",
            "liftrec replay --serve --strict -- pytest tests/integration",
            "liftrec replay --serve --upstream sim --record-missing --learn gen -- pytest",
        ]
    )

    /// `liftrec diff`.
    static let diff = CommandSpec(
        name: .diff,
        summary: "Compare stored responses with another store or the live endpoint",
        usage: ["liftrec diff --against STORE [--store STORE] [options]", "liftrec diff [--endpoint URL] [options]"],
        discussion: """
            With --against, compares each fixture with the entry under the same key in another store \
            file. Otherwise asks the endpoint again and compares its answers with the stored ones, to \
            catch drift before it breaks tests: an answer has changed when any value differs, and is \
            reshaped when its structure (members, items or types) differs. Each difference is shown with \
            its JSON pointer.
            """,
        options: OptionSpec.list(
            .against, .store, .ignore, .endpoint, .cacert, .samples, .update, .failOn, .concurrency, .retries, .timeout, .maxCost, .markdown
        ),
        examples: [
            "liftrec diff --suite provider --endpoint sim",
            "liftrec diff --against old/provider.json --ignore /intent/summary",
            "liftrec diff --samples 3 --fail-on reshaped --max-cost 0.25",
        ]
    )

    /// `liftrec prune`.
    static let prune = CommandSpec(
        name: .prune,
        summary: "Remove stored responses that no case uses any more",
        usage: ["liftrec prune [options]"],
        discussion: """
            Deletes store entries whose key matches no case of the suite, for example after a case was \
            renamed or removed, and rewrites the store atomically. With --stale it also deletes fixtures \
            whose case has changed since they were recorded, so the next record fetches them again.
            """,
        options: OptionSpec.list(.dryRunPrune, .stale, .unusedIn),
        examples: [
            "liftrec prune --suite provider --dry-run",
            "liftrec prune --stale",
        ]
    )

    /// `liftrec verify`.
    static let verify = CommandSpec(
        name: .verify,
        summary: "Check fixtures offline: the CI gate",
        usage: ["liftrec verify [options]"],
        discussion: """
            Checks every case's fixture without calling any endpoint: present, recorded from the case's \
            current request, valid against its schema, not truncated, not an unexpected error reply, and \
            free of secrets. Exits 1 on any finding, so CI can run it on every push. Legacy entries \
            (written by ResponseRecorder) and orphans (entries no case uses) are warnings unless --strict.
            """,
        options: OptionSpec.list(.strictVerify, .maxAge, .junit, .markdown),
        examples: [
            "liftrec verify",
            "liftrec verify --suite provider --strict",
            "liftrec verify --json > verify-report.json",
        ]
    )

    /// `liftrec merge`.
    static let merge = CommandSpec(
        name: .merge,
        summary: "Combine shard stores into the suite's store",
        usage: ["liftrec merge STORE... [options]"],
        discussion: """
            Folds the stores that 'record --shard I/N' wrote on several machines into the selected suites' store: for \
            each key it keeps the fixture recorded last (by metadata.liftrec.recorded_at; an undated entry loses to a \
            dated one, and among equals the store named later wins). A file that is not a store, such as a suite, is \
            refused. The store is written once, atomically, under its lock, and the report says which file each kept \
            fixture came from. When the selected suites keep their fixtures in several stores, the store is the one \
            whose file name the shard stores share (a shard writes the suite's store under that name); when no \
            store or more than one has that name, pick the suite with --suite.
            """,
        options: OptionSpec.list(.waitLock, .markdown),
        operands: "STORE...",
        examples: [
            "liftrec merge shard1/provider.json shard2/provider.json shard3/provider.json",
            "liftrec merge --suite provider shard-*/provider.json --json",
        ]
    )
}
