/// Every option liftrec accepts, spelled once, grouped by the type its value reads as: the command specs list their
/// specs, and the commands read their values with them.
extension OptionKey where Value == String? {
    /// `--root DIR`.
    static var root: OptionKey<String?> {
        .text(
            "root", placeholder: "DIR",
            help: "project root holding fixtures/suites/ (default: the nearest ancestor of the working directory that has one)")
    }
    /// `--cacert FILE`.
    static var cacert: OptionKey<String?> {
        .text(
            "cacert", placeholder: "FILE",
            help: "PEM file of CA certificates to trust for an HTTPS endpoint (else CURL_CA_BUNDLE or SSL_CERT_FILE)")
    }
    /// `--markdown FILE`.
    static var markdown: OptionKey<String?> {
        .text(
            "markdown", placeholder: "FILE",
            help: "also write the report as Markdown to FILE (- for stdout), such as a pull-request body")
    }
    /// `--junit FILE`.
    static var junit: OptionKey<String?> {
        .text(
            "junit", placeholder: "FILE",
            help: "also write the findings as JUnit XML to FILE (- for stdout), for CI test reporters")
    }
    /// `--learn SUITE` for replay --serve.
    static var learn: OptionKey<String?> {
        .text(
            "learn", placeholder: "SUITE",
            help: "add each request no case answers to suite SUITE as a new case, with the upstream's reply as its fixture (needs --record-missing)")
    }
    /// `--receipt FILE` for replay --serve.
    static var receipt: OptionKey<String?> {
        .text(
            "receipt", placeholder: "FILE",
            help: "also write the run's receipt as JSON to FILE: requests per fixture, misses, fixtures no request used")
    }
    /// `--unused-in RECEIPT` for prune.
    static var unusedIn: OptionKey<String?> {
        .text(
            "unused-in", placeholder: "RECEIPT",
            help: "also remove the fixtures that the test run of this replay --serve receipt never used")
    }
    /// `--against STORE`.
    static var against: OptionKey<String?> {
        .text(
            "against", placeholder: "STORE", help: "store file (a regular file of at most 1 GiB) to compare with instead of asking the endpoint")
    }
    /// `--store STORE` for diff --against.
    static var store: OptionKey<String?> {
        .text(
            "store", placeholder: "STORE",
            help: "with --against, the store file to compare instead of the suites' own; outside a project, every key of the two files")
    }
}

extension OptionKey where Value == [String] {
    /// `--suite NAME`, repeatable.
    static var suite: OptionKey<[String]> {
        .texts(
            "suite", placeholder: "NAME",
            help: "suite to work on, from fixtures/suites/NAME.json (default: every suite there)")
    }
    /// `--endpoint URL|sim`.
    static var endpoint: OptionKey<[String]> {
        .texts(
            "endpoint", placeholder: "[PROTOCOL=]URL|sim[:k=v,...]",
            help: "endpoint to call: a Modal URL or a chat API's base URL, or sim for the simulator, optionally tuned as in "
                + "sim:latency=200ms,fail-every=5; PROTOCOL=URL names the endpoint of one protocol's cases")
    }
    /// `--only KEY` for record.
    static var onlyRecord: OptionKey<[String]> { only(verb: "record") }
    /// `--only KEY` for replay.
    static var onlyReplay: OptionKey<[String]> { only(verb: "replay") }
    /// `--upstream [PROTOCOL=]URL|sim`, repeatable.
    static var upstream: OptionKey<[String]> {
        .texts(
            "upstream", placeholder: "[PROTOCOL=]URL|sim",
            help: "forward requests that have no stored response to this base URL (a client's base URL, such as http://host:8000/v1), "
                + "for every protocol or, as PROTOCOL=URL, for one; sim answers every protocol")
    }
    /// `--ignore POINTER`, repeatable.
    static var ignore: OptionKey<[String]> {
        .texts(
            "ignore", placeholder: "POINTER",
            help: "JSON pointer of a value to leave out of the comparison, such as /intent/summary")
    }

    private static func only(verb: String) -> OptionKey<[String]> {
        .texts("only", placeholder: "KEY", help: "\(verb) only the case with this key")
    }
}

extension OptionKey where Value == Bool {
    /// `--json`.
    static var json: OptionKey<Bool> { .flag("json", help: "print one machine-readable JSON report on stdout") }
    /// `--quiet`.
    static var quiet: OptionKey<Bool> { .flag("quiet", help: "print only results and errors, no progress") }
    /// `--verbose`.
    static var verbose: OptionKey<Bool> { .flag("verbose", help: "also print each case's details on stderr") }
    /// `--help`, `-h`.
    static var help: OptionKey<Bool> { .flag("help", shortName: "h", help: "show this help") }
    /// `--all`.
    static var all: OptionKey<Bool> { .flag("all", help: "record every case, including those already up to date") }
    /// `--dedupe`.
    static var dedupe: OptionKey<Bool> { .flag("dedupe", help: "send identical requests once and store the reply under each of their keys") }
    /// `--stream` for record.
    static var streamRecord: OptionKey<Bool> {
        .flag(
            "stream", help: "ask chat endpoints for streamed replies and keep each event with its offset (metadata.liftrec.stream)")
    }
    /// `--dry-run` for record.
    static var dryRunRecord: OptionKey<Bool> { dryRun("recorded or adopted") }
    /// `--dry-run` for prune.
    static var dryRunPrune: OptionKey<Bool> { dryRun("removed") }
    /// `--adopt`.
    static var adopt: OptionKey<Bool> { .flag("adopt", help: "adopt legacy entries as fixtures without calling the endpoint") }
    /// `--serve`.
    static var serve: OptionKey<Bool> { .flag("serve", help: "serve the responses over HTTP instead of printing them") }
    /// `--strict` for replay --serve.
    static var strictServe: OptionKey<Bool> { .flag("strict", help: "exit 1 if any request found no stored response") }
    /// `--record-missing`.
    static var recordMissing: OptionKey<Bool> {
        .flag(
            "record-missing", help: "store the upstream's replies to requests a case makes (needs --upstream)")
    }
    /// `--update`.
    static var update: OptionKey<Bool> { .flag("update", help: "store the endpoint's answers for the cases that differ") }
    /// `--stale` for prune.
    static var stale: OptionKey<Bool> { .flag("stale", help: "also remove fixtures recorded from a request the case no longer makes") }
    /// `--strict` for verify.
    static var strictVerify: OptionKey<Bool> { .flag("strict", help: "treat legacy entries and orphans as errors") }

    private static func dryRun(_ outcome: String) -> OptionKey<Bool> {
        .flag("dry-run", help: "list what would be \(outcome) and change nothing")
    }
}

extension OptionKey where Value == ColorMode {
    /// `--color auto|always|never`.
    static var color: OptionKey<ColorMode> {
        .choice(
            "color", defaultValue: .auto,
            help: "when to colour output; auto means on a terminal unless NO_COLOR is set")
    }
}

extension OptionKey where Value == Int {
    /// `--concurrency N`.
    static var concurrency: OptionKey<Int> {
        .integer(
            "concurrency", 1...64, placeholder: "N", defaultValue: "4", help: "requests in flight at once")
    }
    /// `--retries N`.
    static var retries: OptionKey<Int> {
        .integer(
            "retries", 0...10, placeholder: "N", defaultValue: "3",
            help: "times to retry a request that fails or times out")
    }
    /// `--port N`.
    static var port: OptionKey<Int> {
        .integer(
            "port", 0...65_535, placeholder: "N", defaultValue: "0", help: "port to listen on; 0 picks a free one")
    }
    /// `--max-body BYTES`.
    static var maxBody: OptionKey<Int> {
        .integer(
            "max-body", 1...Int.max, placeholder: "BYTES", defaultValue: "16777216", help: "largest request body accepted, in bytes")
    }
    /// `--samples K`.
    static var samples: OptionKey<Int> {
        .integer(
            "samples", 1...100, placeholder: "K", defaultValue: "1",
            help: "answers to ask for per case, to tell drift from sampling noise")
    }
}

extension OptionKey where Value == Double {
    /// `--timeout S`.
    static var timeout: OptionKey<Double> {
        .timeLimit(
            "timeout", placeholder: "S", defaultValue: "180", help: "seconds to wait for one response")
    }
    /// `--warmup-timeout S`.
    static var warmupTimeout: OptionKey<Double> {
        .timeLimit(
            "warmup-timeout", placeholder: "S", defaultValue: "600",
            help: "seconds to wait for the warm-up call that starts a cold endpoint")
    }
    /// `--wait-lock S`.
    static var waitLock: OptionKey<Double> {
        .decimal(
            "wait-lock", placeholder: "S", defaultValue: "0",
            help: "seconds to wait for another writer to release the store before giving up")
    }
}

extension OptionKey where Value == Double? {
    /// `--max-cost USD`.
    static var maxCost: OptionKey<Double?> {
        .decimal(
            "max-cost", placeholder: "USD",
            help: "start no request that would take the estimated cost above this many US dollars")
    }
    /// `--max-age DURATION` for record.
    static var maxAgeRecord: OptionKey<Double?> {
        .duration(
            "max-age", placeholder: "DURATION",
            help: "also record again the fixtures recorded longer ago than this, such as 30d, as verify --max-age would report them")
    }
    /// `--max-age DURATION`.
    static var maxAge: OptionKey<Double?> {
        .duration(
            "max-age", placeholder: "DURATION",
            help: "report fixtures recorded longer ago than this, such as 30d, 12h or 2w, as expired; "
                + "fixtures with no recording date are then warnings, errors with --strict")
    }
}

extension OptionKey where Value == (index: Int, count: Int)? {
    /// `--shard I/N`.
    static var shard: OptionKey<(index: Int, count: Int)?> {
        .shard(
            "shard", placeholder: "I/N",
            help: "record only the I-th of N equal parts of the cases, to split a run across machines")
    }
}

extension OptionKey where Value == String {
    /// `--host ADDR`.
    static var host: OptionKey<String> { .text("host", placeholder: "ADDR", defaultValue: "127.0.0.1", help: "address to listen on") }
}

extension OptionKey where Value == ReplayLatency {
    /// `--latency none|recorded|DURATION`.
    static var latency: OptionKey<ReplayLatency> {
        .latency(
            "latency", placeholder: "none|recorded|DURATION", defaultValue: "none",
            help: "delay before each reply: none, the recorded latency, or a duration with its unit, such as 200ms")
    }
}

extension OptionKey where Value == ReplayStreamTiming {
    /// `--stream-timing none|recorded|xFACTOR`.
    static var streamTiming: OptionKey<ReplayStreamTiming> {
        .streamTiming(
            "stream-timing", placeholder: "none|recorded|xFACTOR", defaultValue: "none",
            help: "pace of a streamed answer's events: all at once, their recorded gaps, or those gaps times a factor, such as x0.1")
    }
}

extension OptionKey where Value == Int? {
    /// `--fail-every N`.
    static var failEvery: OptionKey<Int?> {
        .integer(
            "fail-every", 1...Int.max, placeholder: "N",
            help: "answer every N-th generate request with HTTP 500, to exercise a client's retries")
    }
}

extension OptionKey where Value == LiveDiffCommand.FailOn {
    /// `--fail-on changed|reshaped|unstable|never`.
    static var failOn: OptionKey<LiveDiffCommand.FailOn> {
        .choice(
            "fail-on", defaultValue: .changed,
            help: "which differences make the exit status 1: any change a test can depend on (not a text output's wording), "
                + "only reshaped answers, every difference including samples that disagree, or none")
    }
}
