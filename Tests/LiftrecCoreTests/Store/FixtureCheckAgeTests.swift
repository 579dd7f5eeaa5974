import Testing
@testable import LiftrecCore

@Suite struct FixtureCheckAgeTests {
    static let recorded = Timestamp.parse("2026-11-24T20:41:00Z") ?? 0
    static let day = 86_400.0

    let suiteCase: SuiteCase

    init() throws {
        let project = try TestProject(suites: ["demo": #"{"format": "liftrec-suite/1", "name": "demo", "cases": [{"key": "k", "prompt": "p", "schema": {"type": "object"}}]}"#])
        suiteCase = try #require(try project.workspace().selected.first?.cases.first)
    }

    func fixture(recordedAt: String?) throws -> Fixture {
        var facts = FixtureFacts(status: .ok, fingerprint: suiteCase.fingerprint)
        facts.recordedAt = recordedAt
        return try Fixture(key: "k", entry: .object(JSONObject([
            ("metadata", .object(JSONObject([("liftrec", .object(facts.json))]))), ("response", .object(JSONObject())),
        ])))
    }

    func check(_ fixture: Fixture, age: Double, strict: Bool = false) -> FixtureCheck {
        FixtureCheck(suiteCase, fixture: fixture, suiteName: "demo", strict: strict,
                     expiry: FixtureCheck.Expiry(maxAge: 30 * Self.day, now: Self.recorded + age))
    }

    @Test func exactlyMaxAgeIsStillFreshAndOneSecondMoreIsExpired() throws {
        let fixture = try fixture(recordedAt: "2026-11-24T20:41:00Z")
        #expect(check(fixture, age: 30 * Self.day).status == .ok)
        let expired = check(fixture, age: 30 * Self.day + 1)
        #expect(expired.status == .expired)
        let problem = try #require(expired.problems.first)
        #expect(problem.kind == .expired && !problem.isWarning)
        #expect(problem.details["recorded_at"] == .string("2026-11-24T20:41:00Z"))
        #expect(problem.details["age"] == .string("30d"))
        #expect(problem.details["age_seconds"] == .number(JSONNumber(2_592_001)))
        #expect(problem.message.contains("older than --max-age 30d"))
    }

    @Test func futureDatesAndOffsetsAreMeasuredOnTheSameClock() throws {
        #expect(check(try fixture(recordedAt: "2026-11-24T20:41:00Z"), age: -Self.day).status == .ok)
        #expect(check(try fixture(recordedAt: "2026-11-24T21:41:00+01:00"), age: 30 * Self.day + 1).status == .expired)
        #expect(check(try fixture(recordedAt: "2026-11-24T21:41:00+01:00"), age: 30 * Self.day).status == .ok)
    }

    @Test func missingOrUnreadableDatesAreUndatedWarningsUnlessStrict() throws {
        for recordedAt in [nil, "last tuesday"] {
            let relaxed = check(try fixture(recordedAt: recordedAt), age: 0)
            #expect(relaxed.status == .undated)
            #expect(relaxed.isClean)
            #expect(relaxed.problems.map(\.kind) == [.undated])
            let strict = check(try fixture(recordedAt: recordedAt), age: 0, strict: true)
            #expect(strict.status == .undated && !strict.isClean)
        }
        let legacy = check(try Fixture(key: "k", entry: .object(JSONObject([("response", .object(JSONObject()))]))), age: 0)
        #expect(legacy.status == .legacy)
        #expect(legacy.problems.map(\.kind) == [.legacy, .undated])
    }

    @Test func withoutMaxAgeDatesAreNotChecked() throws {
        let check = FixtureCheck(suiteCase, fixture: try fixture(recordedAt: nil), suiteName: "demo", strict: true)
        #expect(check.status == .ok)
    }
}
