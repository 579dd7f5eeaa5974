/// One request of a suite, with its schema resolved and its fingerprint computed.
///
/// Immutable, and a class only so that passing one of ten thousand cases around costs one reference count, not
/// one per field.
final class SuiteCase: Sendable {
    /// The fixture key, unique within the suite.
    let key: String
    /// The prompt text (may be empty).
    var prompt: String { request.prompt }
    /// The resolved JSON schema sent with the request.
    var schema: JSONValue { request.schema }
    /// The name of the suite schema this case uses, when it names one.
    let schemaName: String?
    /// What the reply must hold: the schema compiled for validation (shared by every case with the same schema) and,
    /// for chat protocols, the declared tools' schemas.
    let contract: OutputContract
    /// Sampling parameters after case overrides, suite defaults and endpoint defaults.
    var parameters: SamplingParameters { request.parameters }
    /// The case's own metadata, copied into the fixture.
    let metadata: JSONObject?
    /// Whether the endpoint should answer with a reply or with an error.
    let expect: Expectation
    /// True when the case is recorded first and alone, after the endpoint warm-up.
    let warmup: Bool
    /// The fingerprint of the request this case sends.
    ///
    /// Computed when the suite is loaded, unless the command said it needs none (`prune` without `--stale`); then it
    /// is computed on each use, which such a command never makes.
    var fingerprint: RequestFingerprint {
        if let loadedFingerprint { return loadedFingerprint }
        do {
            return try wireProtocol.fingerprint(request)
        } catch {
            return RequestFingerprint(unavailable: error.description)
        }
    }

    private let loadedFingerprint: RequestFingerprint?
    /// The wire protocol of its suite, which builds its request and reads its replies.
    let wireProtocol: any WireProtocol
    /// What the case asks, as its protocol turns it into a request.
    let request: CaseRequest

    /// The key under which the store keeps this case's fixture (long keys are hashed, as ResponseRecorder does).
    var storeKey: String { StoreKey.forCase(key) }

    /// A case from its checked parts.
    // A case keeps one description of its request: the prompt, schema and parameters are read from it.
    init(
        key: String, schemaName: String?, contract: OutputContract, metadata: JSONObject?, expect: Expectation, warmup: Bool,
        fingerprint: RequestFingerprint?, wireProtocol: any WireProtocol, request: CaseRequest
    ) {
        self.key = key
        self.schemaName = schemaName
        self.contract = contract
        self.metadata = metadata
        self.expect = expect
        self.warmup = warmup
        loadedFingerprint = fingerprint
        self.wireProtocol = wireProtocol
        self.request = request
    }

    /// The exact body POSTed to the endpoint.
    var requestBody: JSONValue {
        wireProtocol.requestBody(request)
    }

    /// A case read and checked from its suite file, waiting only for its request fingerprint.
    struct Draft: Sendable {
        let key: String
        let schemaName: String?
        let metadata: JSONObject?
        let expect: Expectation
        let warmup: Bool
        /// The case's protocol: its own `protocol`, else its suite's.
        let wireProtocol: any WireProtocol
        let contract: OutputContract
        /// What the case asks, with the case's own model, which wins over its suite's, when it names one.
        let ownRequest: CaseRequest

        /// The store key the case will use.
        var storeKey: String { StoreKey.forCase(key) }

        /// What the case asks of a suite's endpoint serving `model`.
        func request(model: String?) -> CaseRequest {
            var request = ownRequest
            request.model = request.model ?? model
            return request
        }

        /// The finished case.
        func complete(_ fingerprint: RequestFingerprint?, request: CaseRequest) -> SuiteCase {
            SuiteCase(
                key: key, schemaName: schemaName, contract: contract, metadata: metadata, expect: expect, warmup: warmup,
                fingerprint: fingerprint, wireProtocol: wireProtocol, request: request
            )
        }
    }

    /// Whether an error reply is the correct answer for a case.
    enum Expectation: String, Sendable {
        case ok
        case error
        /// Either a result or an error reply is correct, for a case a real endpoint may honestly answer either way.
        case any
        /// A reply cut short at its token limit is correct too (chat protocols), for a test of what a client does then.
        case truncated
    }
}
