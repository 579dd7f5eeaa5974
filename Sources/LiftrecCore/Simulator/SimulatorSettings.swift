/// The knobs of the embedded simulator, parsed from `sim[:latency=200ms,cold-start=2s,...]`.
struct SimulatorSettings: Sendable, Equatable {
    /// Seconds each generate call takes.
    var latency: Double = 0
    /// Seconds the first call (or the warm-up) waits, as a cold start would.
    var coldStart: Double = 0
    /// Every Nth generate request fails with HTTP 500 (0 = never).
    var failEvery = 0
    /// Every Nth generate request is refused with HTTP 429 (0 = never).
    var rateLimitEvery = 0
    /// Seconds the 429 asks the client to wait in `Retry-After`.
    var retryAfter: Double = 1
    /// Requests whose `max_tokens` is below this come back truncated (0 = never).
    var truncateUnder = 0
    /// Varies the generated answers.
    var seed = 0
    /// Seconds between the events of a streamed reply.
    var streamGap: Double = 0
    /// Every Nth streamed reply ends before its final event, as a dropped connection would (0 = never).
    var cutStreamEvery = 0
    /// Generate requests that carry no API key are refused with 401 in their protocol's shape (`auth=required`).
    var requiresKey = false

    /// Default settings: instant, no faults.
    init() {}

    /// Parses the text after `sim` (`""` or `:key=value,...`), naming any bad setting.
    init(parsing text: String) throws(LiftrecError) {
        guard text == "sim" || text.hasPrefix("sim:") else {
            throw .usage("'\(text)' is not a simulator endpoint; write sim or sim:latency=200ms,cold-start=2s")
        }
        let settings = text.dropFirst(3).dropFirst()
        guard !settings.isEmpty else { return }
        for pair in settings.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw .usage("simulator setting '\(pair)' needs a value, like latency=200ms")
            }
            let (name, value) = (parts[0], parts[1])
            func count() throws(LiftrecError) -> Int {
                guard let number = Int(value), number >= 0, number <= 1_000_000 else {
                    throw .usage("simulator setting \(name)=\(value): expected a whole number from 0")
                }
                return number
            }
            func seconds() throws(LiftrecError) -> Double {
                do throws(DurationText.ParseError) {
                    return try DurationText.seconds(value, unitRequired: true, atMost: 3_600)
                } catch .missingUnit(let advice) {
                    throw .usage("simulator setting \(name)=\(value) has no unit; \(advice)")
                } catch {
                    throw .usage("simulator setting \(name)=\(value): expected a duration such as 200ms or 2s, at most 1h")
                }
            }
            switch name {
            case "latency": latency = try seconds()
            case "cold-start": coldStart = try seconds()
            case "fail-every": failEvery = try count()
            case "rate-limit-every": rateLimitEvery = try count()
            case "retry-after": retryAfter = try seconds()
            case "truncate-under": truncateUnder = try count()
            case "seed": seed = try count()
            case "stream-gap": streamGap = try seconds()
            case "cut-stream-every": cutStreamEvery = try count()
            case "auth":
                guard value == "required" || value == "none" else {
                    throw .usage("simulator setting auth=\(value): expected auth=required (refuse requests without a key) or auth=none")
                }
                requiresKey = value == "required"
            default:
                let known = [
                    "latency", "cold-start", "fail-every", "rate-limit-every", "retry-after", "truncate-under", "seed", "stream-gap",
                    "cut-stream-every", "auth",
                ]
                let hint = SpellingSuggestion.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
                throw .usage("unknown simulator setting '\(name)'; \(hint)known: \(known.joined(separator: ", "))")
            }
        }
    }

}
