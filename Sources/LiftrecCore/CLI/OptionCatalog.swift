/// Every option liftrec accepts, spelled once: the command specs list them and the typed options read them.
extension OptionSpec {
    /// `--root DIR`.
    public static let root = OptionSpec.value(
        "root", .string, placeholder: "DIR",
        help: "project root holding fixtures/suites/ (default: the nearest ancestor of the working directory that has one)")
    /// `--suite NAME`, repeatable.
    public static let suite = OptionSpec.value(
        "suite", .string, placeholder: "NAME", isRepeatable: true,
        help: "suite to work on, from fixtures/suites/NAME.json (default: every suite there)")
    /// `--json`.
    public static let json = OptionSpec.flag("json", help: "print one machine-readable JSON report on stdout")
    /// `--quiet`.
    public static let quiet = OptionSpec.flag("quiet", help: "print only results and errors, no progress")
    /// `--verbose`.
    public static let verbose = OptionSpec.flag("verbose", help: "also print each case's details on stderr")
    /// `--color auto|always|never`.
    public static let color = OptionSpec.choice(
        "color", ["auto", "always", "never"], defaultValue: "auto",
        help: "when to colour output; auto means on a terminal unless NO_COLOR is set")
    /// `--help`, `-h`.
    public static let help = OptionSpec.flag("help", shortName: "h", help: "show this help")

    /// `--endpoint URL|sim`.
    public static let endpoint = OptionSpec.value(
        "endpoint", .string, placeholder: "[PROTOCOL=]URL|sim[:k=v,...]", isRepeatable: true,
        help: "endpoint to call: a Modal URL or a chat API's base URL, or sim for the simulator, optionally tuned as in "
            + "sim:latency=200ms,fail-every=5; PROTOCOL=URL names the endpoint of one protocol's cases")
    /// `--cacert FILE`.
    public static let cacert = OptionSpec.value(
        "cacert", .string, placeholder: "FILE",
        help: "PEM file of CA certificates to trust for an HTTPS endpoint (else CURL_CA_BUNDLE or SSL_CERT_FILE)")
    /// `--only KEY` for record.
    public static let onlyRecord = only(verb: "record")
    /// `--only KEY` for replay.
    public static let onlyReplay = only(verb: "replay")
    /// `--all`.
    public static let all = OptionSpec.flag("all", help: "record every case, including those already up to date")
    /// `--concurrency N`.
    public static let concurrency = OptionSpec.value(
        "concurrency", .integer(1...64), placeholder: "N", defaultValue: "4", help: "requests in flight at once")
    /// `--retries N`.
    public static let retries = OptionSpec.value(
        "retries", .integer(0...10), placeholder: "N", defaultValue: "3",
        help: "times to retry a request that fails or times out")
    /// `--timeout S`.
    public static let timeout = OptionSpec.value(
        "timeout", .timeLimit, placeholder: "S", defaultValue: "180", help: "seconds to wait for one response")
    /// `--warmup-timeout S`.
    public static let warmupTimeout = OptionSpec.value(
        "warmup-timeout", .timeLimit, placeholder: "S", defaultValue: "600",
        help: "seconds to wait for the warm-up call that starts a cold endpoint")
    /// `--max-cost USD`.
    public static let maxCost = OptionSpec.value(
        "max-cost", .decimal, placeholder: "USD",
        help: "start no request that would take the estimated cost above this many US dollars")
    /// `--shard I/N`.
    public static let shard = OptionSpec.value(
        "shard", .shard, placeholder: "I/N",
        help: "record only the I-th of N equal parts of the cases, to split a run across machines")
    /// `--dedupe`.
    public static let dedupe = OptionSpec.flag("dedupe", help: "send identical requests once and store the reply under each of their keys")
    /// `--stream` for record.
    public static let streamRecord = OptionSpec.flag(
        "stream", help: "ask chat endpoints for streamed replies and keep each event with its offset (metadata.liftrec.stream)")
    /// `--wait-lock S`.
    public static let waitLock = OptionSpec.value(
        "wait-lock", .decimal, placeholder: "S", defaultValue: "0",
        help: "seconds to wait for another writer to release the store before giving up")
    /// `--dry-run` for record.
    public static let dryRunRecord = dryRun("recorded or adopted")
    /// `--dry-run` for prune.
    public static let dryRunPrune = dryRun("removed")
    /// `--adopt`.
    public static let adopt = OptionSpec.flag("adopt", help: "adopt legacy entries as fixtures without calling the endpoint")
    /// `--markdown FILE`.
    public static let markdown = OptionSpec.value(
        "markdown", .string, placeholder: "FILE",
        help: "also write the report as Markdown to FILE (- for stdout), such as a pull-request body")
    /// `--junit FILE`.
    public static let junit = OptionSpec.value(
        "junit", .string, placeholder: "FILE",
        help: "also write the findings as JUnit XML to FILE (- for stdout), for CI test reporters")

    /// `--serve`.
    public static let serve = OptionSpec.flag("serve", help: "serve the responses over HTTP instead of printing them")
    /// `--host ADDR`.
    public static let host = OptionSpec.value("host", .string, placeholder: "ADDR", defaultValue: "127.0.0.1", help: "address to listen on")
    /// `--port N`.
    public static let port = OptionSpec.value(
        "port", .integer(0...65_535), placeholder: "N", defaultValue: "0", help: "port to listen on; 0 picks a free one")
    /// `--max-body BYTES`.
    public static let maxBody = OptionSpec.value(
        "max-body", .integer(1...Int.max), placeholder: "BYTES", defaultValue: "16777216", help: "largest request body accepted, in bytes")
    /// `--latency none|recorded|DURATION`.
    public static let latency = OptionSpec.value(
        "latency", .string, placeholder: "none|recorded|DURATION",
        help: "delay before each reply: none, the recorded latency, or a duration with its unit, such as 200ms")
    /// `--stream-timing none|recorded|xFACTOR`.
    public static let streamTiming = OptionSpec.value(
        "stream-timing", .string, placeholder: "none|recorded|xFACTOR", defaultValue: "none",
        help: "pace of a streamed answer's events: all at once, their recorded gaps, or those gaps times a factor, such as x0.1")
    /// `--fail-every N`.
    public static let failEvery = OptionSpec.value(
        "fail-every", .integer(1...Int.max), placeholder: "N",
        help: "answer every N-th generate request with HTTP 500, to exercise a client's retries")
    /// `--strict` for replay --serve.
    public static let strictServe = OptionSpec.flag("strict", help: "exit 1 if any request found no stored response")
    /// `--upstream [PROTOCOL=]URL|sim`, repeatable.
    public static let upstream = OptionSpec.value(
        "upstream", .string, placeholder: "[PROTOCOL=]URL|sim", isRepeatable: true,
        help: "forward requests that have no stored response to this base URL (a client's base URL, such as http://host:8000/v1), "
            + "for every protocol or, as PROTOCOL=URL, for one; sim answers every protocol")
    /// `--record-missing`.
    public static let recordMissing = OptionSpec.flag(
        "record-missing", help: "store the upstream's replies to requests a case makes (needs --upstream)")

    /// `--learn SUITE` for replay --serve.
    public static let learn = OptionSpec.value(
        "learn", .string, placeholder: "SUITE",
        help: "add each request no case answers to suite SUITE as a new case, with the upstream's reply as its fixture (needs --record-missing)")
    /// `--receipt FILE` for replay --serve.
    public static let receipt = OptionSpec.value(
        "receipt", .string, placeholder: "FILE",
        help: "also write the run's receipt as JSON to FILE: requests per fixture, misses, fixtures no request used")
    /// `--unused-in RECEIPT` for prune.
    public static let unusedIn = OptionSpec.value(
        "unused-in", .string, placeholder: "RECEIPT",
        help: "also remove the fixtures that the test run of this replay --serve receipt never used")
    /// `--against STORE`.
    public static let against = OptionSpec.value(
        "against", .string, placeholder: "STORE", help: "store file (a regular file of at most 1 GiB) to compare with instead of asking the endpoint")
    /// `--store STORE` for diff --against.
    public static let store = OptionSpec.value(
        "store", .string, placeholder: "STORE",
        help: "with --against, the store file to compare instead of the suites' own; outside a project, every key of the two files")
    /// `--ignore POINTER`, repeatable.
    public static let ignore = OptionSpec.value(
        "ignore", .string, placeholder: "POINTER", isRepeatable: true,
        help: "JSON pointer of a value to leave out of the comparison, such as /intent/summary")
    /// `--samples K`.
    public static let samples = OptionSpec.value(
        "samples", .integer(1...100), placeholder: "K", defaultValue: "1",
        help: "answers to ask for per case, to tell drift from sampling noise")
    /// `--update`.
    public static let update = OptionSpec.flag("update", help: "store the endpoint's answers for the cases that differ")
    /// `--fail-on changed|reshaped|unstable|never`.
    public static let failOn = OptionSpec.choice(
        "fail-on", ["changed", "reshaped", "unstable", "never"], defaultValue: "changed",
        help: "which differences make the exit status 1: any change a test can depend on (not a text output's wording), "
            + "only reshaped answers, every difference including samples that disagree, or none")

    /// `--stale` for prune.
    public static let stale = OptionSpec.flag("stale", help: "also remove fixtures recorded from a request the case no longer makes")

    /// `--strict` for verify.
    public static let strictVerify = OptionSpec.flag("strict", help: "treat legacy entries and orphans as errors")
    /// `--max-age DURATION` for record.
    public static let maxAgeRecord = OptionSpec.value(
        "max-age", .duration, placeholder: "DURATION",
        help: "also record again the fixtures recorded longer ago than this, such as 30d, as verify --max-age would report them")
    /// `--max-age DURATION`.
    public static let maxAge = OptionSpec.value(
        "max-age", .duration, placeholder: "DURATION",
        help: "report fixtures recorded longer ago than this, such as 30d, 12h or 2w, as expired; "
            + "fixtures with no recording date are then warnings, errors with --strict")

    private static func only(verb: String) -> OptionSpec {
        .value("only", .string, placeholder: "KEY", isRepeatable: true, help: "\(verb) only the case with this key")
    }

    private static func dryRun(_ outcome: String) -> OptionSpec {
        .flag("dry-run", help: "list what would be \(outcome) and change nothing")
    }
}
