import Testing
@testable import LiftrecCore

@Suite struct SupportTests {
    @Test func timestampsRoundTripAndHonourOffsets() {
        #expect(Timestamp.rfc3339(1_796_071_260.9) == "2026-11-30T20:41:00Z")
        #expect(Timestamp.parse("2026-11-24T20:41:00Z") == 1_795_552_860)
        #expect(Timestamp.parse("2026-11-24T21:41:00+01:00") == 1_795_552_860)
        #expect(Timestamp.parse("2026-11-24T20:41:00.5Z") == 1_795_552_860.5)
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.parse("2026-13-01T00:00:00Z") == nil)
        #expect(Timestamp.parse("2026-02-30T00:00:00Z") == nil)
        #expect(Timestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp.parse("2100-02-29T00:00:00Z") == nil)
        #expect(Timestamp.parse("2026-11-24 20:41") == nil)
        #expect(Timestamp.parse("2026-11-24T20:41:00") == nil)
    }

    @Test func redactorMasksSecretsInTextAndJSON() {
        let redactor = SecretRedactor(variables: ["MODAL_KEY": "wk-abc", "MODAL_SECRET": "ws-abcdef", "OTHER": "x"])
        #expect(redactor.redact("key wk-abc secret ws-abcdef") == "key [REDACTED] secret [REDACTED]")
        let value = JSONValue.object(JSONObject([("ws-abcdef", .array([.string("a wk-abc b")]))]))
        #expect(redactor.redact(value) == .object(JSONObject([("[REDACTED]", .array([.string("a [REDACTED] b")]))])))
        #expect(SecretRedactor(variables: ["MODAL_KEY": ""]).isEmpty)
    }

    @Test func secretsNeverReachAMaskedSinkAndKeysAddedLaterAreMaskedFromThenOn() {
        let collected = Collected()
        let secrets = RunSecrets(SecretRedactor(variables: ["MODAL_SECRET": "hunter2hunter2"]))
        let sink = secrets.mask(TextSink { collected.append($0) })
        sink.line("token hunter2hunter2 leaked, vllm-key-1234 too")
        secrets.add(["vllm-key-1234"])
        sink.line("vllm-key-1234")
        #expect(collected.text == "token [REDACTED] leaked, vllm-key-1234 too\n[REDACTED]\n")
    }

    @Test func theKeysAClientSendsAreFoundInItsHeadersAndQuery() {
        let headers = HTTPHeaders([("Authorization", "Bearer sk-proj-abcdef12"), ("x-api-key", "sk-ant-xyz98765"), ("X-Goog-Api-Key", "AIzaSyExample"), ("Accept", "x")])
        #expect(SecretRedactor.clientKeys(headers: headers, query: "alt=sse&key=AIzaQueryKey1") == ["sk-proj-abcdef12", "sk-ant-xyz98765", "AIzaSyExample", "AIzaQueryKey1"])
        #expect(SecretRedactor.clientKeys(headers: HTTPHeaders(), query: "api_key=abcdefgh1&access_token=ya29.token-1&TOKEN=tok-00001&monkey=notakey12") == ["abcdefgh1", "ya29.token-1", "tok-00001"])
        #expect(SecretRedactor.clientKeys(headers: HTTPHeaders([("Authorization", "Bearer liftrec-replay-placeholder")]), query: nil).isEmpty)
    }

    @Test func simulatorSettingsParseAndExplainMistakes() throws {
        let settings = try SimulatorSettings(parsing: "sim:latency=200ms,cold-start=2s,fail-every=5,rate-limit-every=7,truncate-under=100,seed=1")
        #expect(settings.latency == 0.2)
        #expect(settings.coldStart == 2)
        #expect(settings.failEvery == 5)
        #expect(settings.rateLimitEvery == 7)
        #expect(settings.truncateUnder == 100)
        #expect(settings.seed == 1)
        #expect(try SimulatorSettings(parsing: "sim") == SimulatorSettings())
        #expect(try SimulatorSettings(parsing: "sim:auth=required").requiresKey)
        #expect(throws: LiftrecError.usage("simulator setting auth=maybe: expected auth=required (refuse requests without a key) or auth=none")) {
            try SimulatorSettings(parsing: "sim:auth=maybe")
        }
        #expect(throws: LiftrecError.usage("unknown simulator setting 'latncy'; did you mean 'latency'? known: latency, cold-start, fail-every, rate-limit-every, retry-after, truncate-under, seed, stream-gap, cut-stream-every, auth")) {
            try SimulatorSettings(parsing: "sim:latncy=1s")
        }
        #expect(throws: LiftrecError.self) { try SimulatorSettings(parsing: "sim:latency=fast") }
        // A bare number meant milliseconds here before durations had one rule; it is refused, not read as seconds.
        #expect(throws: LiftrecError.usage("simulator setting latency=200 has no unit; write 200ms, or 200s for seconds")) {
            try SimulatorSettings(parsing: "sim:latency=200")
        }
        #expect(try SimulatorSettings(parsing: "sim:retry-after=0").retryAfter == 0)
        #expect(throws: LiftrecError.usage("simulator setting cold-start=2h: expected a duration such as 200ms or 2s, at most 1h")) {
            try SimulatorSettings(parsing: "sim:cold-start=2h")
        }
        #expect(throws: LiftrecError.usage("simulator setting 'seed' needs a value, like latency=200ms")) {
            try SimulatorSettings(parsing: "sim:seed")
        }
    }
}

/// Collects sink output for assertions.
final class Collected: Sendable {
    private let storage = Synchronized("")

    func append(_ text: String) { storage.update { $0 += text } }
    var text: String { storage.value }
}
