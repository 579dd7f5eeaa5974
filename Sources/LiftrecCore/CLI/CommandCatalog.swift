/// The specs of every command: the single source of both parsing and help text.
public enum CommandCatalog {
    /// Options every command accepts.
    public static let commonOptions: [OptionSpec] = [
        .value("root", .string, placeholder: "DIR",
               help: "project root holding fixtures/suites/ (default: the nearest ancestor of the working directory that has one)"),
        .value("suite", .string, placeholder: "NAME", isRepeatable: true,
               help: "suite to work on, from fixtures/suites/NAME.json (default: every suite there)"),
        .flag("json", help: "print one machine-readable JSON report on stdout"),
        .flag("quiet", help: "print only results and errors, no progress"),
        .flag("verbose", help: "also print each case's details on stderr"),
        .choice("color", ["auto", "always", "never"], defaultValue: "auto",
                help: "when to colour output; auto means on a terminal unless NO_COLOR is set"),
        .flag("help", shortName: "h", help: "show this help"),
    ]

    /// Every command, in the order help lists them.
    public static let all: [CommandSpec] = [record, replay, diff, prune, verify]

    /// The spec of `name`.
    public static func spec(for name: CommandName) -> CommandSpec {
        switch name {
        case .record: return record
        case .replay: return replay
        case .diff: return diff
        case .prune: return prune
        case .verify: return verify
        }
    }

    /// `liftrec record`.
    public static let record = CommandSpec(
        name: .record,
        summary: "Record responses from the endpoint for missing and stale cases",
        usage: ["liftrec record [options]"],
        discussion: """
            Sends each case whose fixture is missing, or stale because its request changed, to the \
            endpoint and stores the reply; fixtures that are up to date are left alone unless --all is \
            given. Each reply is saved as soon as it arrives, so an interrupted run loses nothing already \
            paid for and a rerun records only what is still missing. The endpoint is --endpoint, else \
            LIFTREC_ENDPOINT, else MODAL_ENDPOINT_URL, else the suite's own; 'sim' selects the built-in \
            simulator, which needs no Modal account.
            """,
        options: [
            endpoint,
            cacert,
            only(verb: "record"),
            .flag("all", help: "record every case, including those already up to date"),
            concurrency,
            retries,
            timeout,
            .value("warmup-timeout", .timeLimit, placeholder: "S", defaultValue: "600",
                   help: "seconds to wait for the warm-up call that starts a cold endpoint"),
            maxCost,
            .value("shard", .shard, placeholder: "I/N",
                   help: "record only the I-th of N equal parts of the cases, to split a run across machines"),
            .flag("dedupe", help: "send identical requests once and store the reply under each of their keys"),
            .value("wait-lock", .decimal, placeholder: "S", defaultValue: "0",
                   help: "seconds to wait for another writer to release the store before giving up"),
            dryRun("recorded"),
            .flag("adopt", help: "adopt legacy entries as fixtures without calling the endpoint"),
            markdown,
        ],
        examples: [
            "liftrec record --suite provider --endpoint sim",
            "liftrec record --suite provider --only simple_ir_add_function --dry-run",
            "liftrec record --all --concurrency 8 --max-cost 0.50",
        ]
    )

    /// `liftrec replay`.
    public static let replay = CommandSpec(
        name: .replay,
        summary: "Print stored responses, or serve them over loopback HTTP",
        usage: ["liftrec replay [options]", "liftrec replay --serve [options] [-- CMD [ARGS...]]"],
        discussion: """
            Without --serve, prints the stored response of each case on stdout. With --serve, answers the \
            endpoint's generate (POST /generate, or POST / for label-style hosts), health and warmup requests \
            from the store over HTTP, finding each reply by the fingerprint of the request body, so any client \
            (pytest, curl) gets recorded answers offline; the first line on stdout is the generate URL. A \
            request with no stored response gets a 404 naming the nearest case and what differs. \
            GET /__liftrec/stats and GET /__liftrec/journal report what was served. SIGINT or SIGTERM stops the \
            server and prints its statistics on stderr. Given a command after '--', serves while that command \
            runs, with MODAL_ENDPOINT_URL and LIFTREC_ENDPOINT set to the generate URL (printed on stderr \
            instead), and exits with the command's status. --upstream alone forwards misses to a live endpoint \
            without storing them; with --record-missing their replies are validated and stored as record \
            stores them.
            """,
        options: [
            only(verb: "replay"),
            .flag("serve", help: "serve the responses over HTTP instead of printing them"),
            .value("host", .string, placeholder: "ADDR", defaultValue: "127.0.0.1", help: "address to listen on"),
            .value("port", .integer(0...65_535), placeholder: "N", defaultValue: "0",
                   help: "port to listen on; 0 picks a free one"),
            .value("max-body", .integer(1...Int.max), placeholder: "BYTES", defaultValue: "16777216",
                   help: "largest request body accepted, in bytes"),
            .value("latency", .string, placeholder: "none|recorded|MS",
                   help: "delay before each reply: none, the recorded latency, or MS milliseconds"),
            .value("fail-every", .integer(1...Int.max), placeholder: "N",
                   help: "answer every N-th generate request with HTTP 500, to exercise a client's retries"),
            .flag("strict", help: "exit 1 if any request found no stored response"),
            .value("upstream", .string, placeholder: "URL|sim",
                   help: "forward requests that have no stored response to this endpoint"),
            .flag("record-missing", help: "store the upstream's replies to requests a case makes (needs --upstream)"),
        ],
        acceptsTrailingCommand: true,
        examples: [
            "liftrec replay --suite provider --only simple_ir_add_function",
            "liftrec replay --serve --port 8000",
            "liftrec replay --serve --strict -- pytest tests/integration",
        ]
    )

    /// `liftrec diff`.
    public static let diff = CommandSpec(
        name: .diff,
        summary: "Compare stored responses with another store or the live endpoint",
        usage: ["liftrec diff --against STORE [options]", "liftrec diff [--endpoint URL] [options]"],
        discussion: """
            With --against, compares each fixture with the entry under the same key in another store \
            file. Otherwise asks the endpoint again and compares its answers with the stored ones, to \
            catch drift before it breaks tests: an answer has changed when any value differs, and is \
            reshaped when its structure (members, items or types) differs. Each difference is shown with \
            its JSON pointer.
            """,
        options: [
            .value("against", .string, placeholder: "STORE",
                   help: "store file to compare with instead of asking the endpoint"),
            .value("ignore", .string, placeholder: "POINTER", isRepeatable: true,
                   help: "JSON pointer of a value to leave out of the comparison, such as /intent/summary"),
            endpoint,
            cacert,
            .value("samples", .integer(1...100), placeholder: "K", defaultValue: "1",
                   help: "answers to ask for per case, to tell drift from sampling noise"),
            .flag("update", help: "store the endpoint's answers for the cases that differ"),
            .choice("fail-on", ["changed", "reshaped", "never"], defaultValue: "changed",
                    help: "which differences make the exit status 1: any change, only reshaped answers, or none"),
            concurrency,
            retries,
            timeout,
            maxCost,
            markdown,
        ],
        examples: [
            "liftrec diff --suite provider --endpoint sim",
            "liftrec diff --against old/provider.json --ignore /intent/summary",
            "liftrec diff --samples 3 --fail-on reshaped --max-cost 0.25",
        ]
    )

    /// `liftrec prune`.
    public static let prune = CommandSpec(
        name: .prune,
        summary: "Remove stored responses that no case uses any more",
        usage: ["liftrec prune [options]"],
        discussion: """
            Deletes store entries whose key matches no case of the suite, for example after a case was \
            renamed or removed, and rewrites the store atomically. With --stale it also deletes fixtures \
            whose case has changed since they were recorded, so the next record fetches them again.
            """,
        options: [
            dryRun("removed"),
            .flag("stale", help: "also remove fixtures recorded from a request the case no longer makes"),
        ],
        examples: [
            "liftrec prune --suite provider --dry-run",
            "liftrec prune --stale",
        ]
    )

    /// `liftrec verify`.
    public static let verify = CommandSpec(
        name: .verify,
        summary: "Check fixtures offline: the CI gate",
        usage: ["liftrec verify [options]"],
        discussion: """
            Checks every case's fixture without calling any endpoint: present, recorded from the case's \
            current request, valid against its schema, not truncated, not an unexpected error reply, and \
            free of secrets. Exits 1 on any finding, so CI can run it on every push. Legacy entries \
            (written by ResponseRecorder) and orphans (entries no case uses) are warnings unless --strict.
            """,
        options: [
            .flag("strict", help: "treat legacy entries and orphans as errors"),
            .value("max-age", .duration, placeholder: "DURATION",
                   help: "report fixtures recorded longer ago than this, such as 30d, 12h or 2w, as expired; "
                       + "fixtures with no recording date are then warnings, errors with --strict"),
            .value("junit", .string, placeholder: "FILE",
                   help: "also write the findings as JUnit XML to FILE, for CI test reporters"),
            markdown,
        ],
        examples: [
            "liftrec verify",
            "liftrec verify --suite provider --strict",
            "liftrec verify --json > verify-report.json",
        ]
    )

    private static let markdown = OptionSpec.value(
        "markdown", .string, placeholder: "FILE",
        help: "also write the report as Markdown to FILE, such as a pull-request body")

    private static let endpoint = OptionSpec.value(
        "endpoint", .string, placeholder: "URL|sim[:k=v,...]",
        help: "endpoint to call: a Modal URL, or sim for the simulator, optionally tuned as in sim:latency=200ms,fail-every=5")

    private static let cacert = OptionSpec.value(
        "cacert", .string, placeholder: "FILE",
        help: "PEM file of CA certificates to trust for an HTTPS endpoint (else CURL_CA_BUNDLE or SSL_CERT_FILE)")

    private static let concurrency = OptionSpec.value(
        "concurrency", .integer(1...64), placeholder: "N", defaultValue: "4", help: "requests in flight at once")

    private static let retries = OptionSpec.value(
        "retries", .integer(0...10), placeholder: "N", defaultValue: "3",
        help: "times to retry a request that fails or times out")

    private static let timeout = OptionSpec.value(
        "timeout", .timeLimit, placeholder: "S", defaultValue: "180", help: "seconds to wait for one response")

    private static let maxCost = OptionSpec.value(
        "max-cost", .decimal, placeholder: "USD",
        help: "start no request that would take the estimated cost above this many US dollars")

    private static func only(verb: String) -> OptionSpec {
        .value("only", .string, placeholder: "KEY", isRepeatable: true, help: "\(verb) only the case with this key")
    }

    private static func dryRun(_ outcome: String) -> OptionSpec {
        .flag("dry-run", help: "list what would be \(outcome) and change nothing")
    }
}
