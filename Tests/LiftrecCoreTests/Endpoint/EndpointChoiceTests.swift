import Testing
@testable import LiftrecCore

@Suite struct EndpointChoiceTests {
    /// One row of the precedence table: the four sources (nil for unset) and the endpoint chosen.
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let flag: String?
        let liftrec: String?
        let modal: String?
        let suite: String?
        let chosen: String

        var testDescription: String { name }
    }

    /// `--endpoint`, else `LIFTREC_ENDPOINT`, else `MODAL_ENDPOINT_URL`, else the suite's `endpoint`.
    static let precedence = [
        Row(name: "the flag beats everything", flag: "http://flag.test/generate", liftrec: "http://liftrec.test/generate",
            modal: "http://modal.test/generate", suite: "http://suite.test/generate", chosen: "http://flag.test/generate"),
        Row(name: "LIFTREC_ENDPOINT beats MODAL_ENDPOINT_URL and the suite", flag: nil, liftrec: "http://liftrec.test/generate",
            modal: "http://modal.test/generate", suite: "http://suite.test/generate", chosen: "http://liftrec.test/generate"),
        Row(name: "MODAL_ENDPOINT_URL beats the suite", flag: nil, liftrec: nil,
            modal: "http://modal.test/generate", suite: "http://suite.test/generate", chosen: "http://modal.test/generate"),
        Row(name: "the suite's endpoint when nothing else is set", flag: nil, liftrec: nil,
            modal: nil, suite: "http://suite.test/generate", chosen: "http://suite.test/generate"),
        Row(name: "empty values count as unset", flag: "", liftrec: "",
            modal: "http://modal.test/generate", suite: "http://suite.test/generate", chosen: "http://modal.test/generate"),
        Row(name: "sim from the flag beats a URL in the environment", flag: "sim:latency=200ms", liftrec: "http://liftrec.test/generate",
            modal: nil, suite: nil, chosen: "sim:latency=200ms"),
        Row(name: "sim from the suite", flag: nil, liftrec: nil, modal: nil, suite: "sim", chosen: "sim"),
    ]

    /// The single suite of a project whose suite file has `endpoint` (left out when nil).
    private static func suite(endpoint: String?) throws -> Suite {
        let field = endpoint.map { #", "endpoint": "\#($0)""# } ?? ""
        let project = try TestProject(suites: [
            "s": #"{"format": "liftrec-suite/1", "name": "s", "store": "s.json"\#(field), "cases": [{"key": "k", "prompt": "", "schema": true}]}"#,
        ])
        return try #require(try project.workspace().selected.first)
    }

    /// An environment with the two endpoint variables set as given (left out when nil).
    private static func variables(liftrec: String?, modal: String?) -> [String: String] {
        var variables = ["PATH": "/usr/bin:/bin"]
        variables["LIFTREC_ENDPOINT"] = liftrec
        variables["MODAL_ENDPOINT_URL"] = modal
        return variables
    }

    @Test(arguments: precedence)
    func theFirstSourceSetWins(_ row: Row) throws {
        let choice = try EndpointChoice.resolve(
            flags: row.flag.map { [$0] } ?? [], variables: Self.variables(liftrec: row.liftrec, modal: row.modal), suite: Self.suite(endpoint: row.suite)
        )
        #expect(choice.storedName == row.chosen)
        if row.chosen.hasPrefix("sim") {
            #expect(choice == .simulator(try SimulatorSettings(parsing: row.chosen), text: row.chosen))
        } else {
            #expect(choice == .remote(try EndpointURL(parsing: row.chosen)))
        }
    }

    @Test func noSourceSetIsAnErrorThatNamesSim() throws {
        #expect(throws: LiftrecError.endpoint(
            "no endpoint for suite 's' (modal): pass --endpoint URL, set MODAL_ENDPOINT_URL, or use --endpoint sim to record from the embedded simulator"
        )) {
            try EndpointChoice.resolve(flags: [], variables: Self.variables(liftrec: "", modal: nil), suite: Self.suite(endpoint: nil))
        }
    }

    @Test func aChatSuiteIgnoresModalsVariablesAndItsErrorNamesTheSuitesEndpoint() throws {
        let project = try TestProject(suites: [
            "c": #"{"format": "liftrec-suite/1", "name": "c", "store": "c.json", "protocol": "openai-chat", "cases": [{"key": "k", "prompt": "hi", "schema": true}]}"#,
        ])
        let suite = try #require(try project.workspace().selected.first)
        let variables = Self.variables(liftrec: "http://liftrec.test/generate", modal: "http://modal.test/generate")
        #expect(throws: LiftrecError.endpoint(
            "no endpoint for suite 'c' (openai-chat): pass --endpoint URL, give the suite an \"endpoint\", or use --endpoint sim to record from the embedded simulator"
        )) {
            try EndpointChoice.resolve(flags: [], variables: variables, suite: suite)
        }
        #expect(try EndpointChoice.resolve(flags: ["http://flag.test/v1"], variables: variables, suite: suite).storedName == "http://flag.test/v1")
    }

    @Test func aBadValueIsAnErrorNamingItsSourceNotAFallThrough() throws {
        let suite = try Self.suite(endpoint: "http://suite.test/generate")
        let problem = #expect(throws: EndpointURL.ParseError.self) { try EndpointURL(parsing: "ftp://bad.test/generate") }
        let reason = try #require(problem?.description)
        #expect(throws: LiftrecError.endpoint("--endpoint: \(reason)")) {
            try EndpointChoice.resolve(flags: ["ftp://bad.test/generate"], variables: Self.variables(liftrec: "http://liftrec.test/generate", modal: nil), suite: suite)
        }
        #expect(throws: LiftrecError.endpoint("LIFTREC_ENDPOINT: \(reason)")) {
            try EndpointChoice.resolve(flags: [], variables: Self.variables(liftrec: "ftp://bad.test/generate", modal: "http://modal.test/generate"), suite: suite)
        }
        #expect(throws: LiftrecError.endpoint("MODAL_ENDPOINT_URL: \(reason)")) {
            try EndpointChoice.resolve(flags: [], variables: Self.variables(liftrec: nil, modal: "ftp://bad.test/generate"), suite: suite)
        }
        let badSuite = try Self.suite(endpoint: "ftp://bad.test/generate")
        #expect(throws: LiftrecError.endpoint("the suite's \"endpoint\": \(reason)")) {
            try EndpointChoice.resolve(flags: [], variables: Self.variables(liftrec: nil, modal: nil), suite: badSuite)
        }
    }

    @Test func aProtocolNamedEndpointWinsForItsCasesAndTheSuiteMayNameOnePerProtocol() throws {
        let project = try TestProject(suites: [
            "m": #"{"format": "liftrec-suite/1", "name": "m", "store": "m.json", "protocol": "openai-chat", "endpoint": {"openai-chat": "http://oa.test/v1", "anthropic-messages": "http://an.test"}, "auth_env": {"anthropic-messages": "CLAUDE_KEY"}, "cases": [{"key": "o", "prompt": "hi"}, {"key": "a", "protocol": "anthropic-messages", "prompt": "hi", "max_tokens": 9}]}"#,
        ])
        let suite = try #require(try project.workspace().selected.first)
        let anthropic = suite.cases[1].wireProtocol
        #expect(anthropic.credentialVariables == ["CLAUDE_KEY"])
        #expect(try EndpointChoice.resolve(flags: [], variables: [:], suite: suite).storedName == "http://oa.test/v1")
        #expect(try EndpointChoice.resolve(flags: [], variables: [:], suite: suite, speaking: anthropic).storedName == "http://an.test")
        let flags = ["http://any.test", "anthropic-messages=http://flag.test"]
        #expect(try EndpointChoice.resolve(flags: flags, variables: [:], suite: suite, speaking: anthropic).storedName == "http://flag.test")
        #expect(try EndpointChoice.resolve(flags: flags, variables: [:], suite: suite).storedName == "http://any.test")
        #expect(throws: LiftrecError.self) { try EndpointChoice.resolve(flags: ["gemeni=http://x.test"], variables: [:], suite: suite) }
    }
}
