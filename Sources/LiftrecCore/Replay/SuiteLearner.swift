/// Grows a suite from the requests a test run sends: each request no case answers becomes a new case, so the run's
/// next pass is served offline and `record`, `diff` and `verify` treat the learned cases like written ones.
public struct SuiteLearner: Sendable {
    /// The learned suite's name.
    public let name: String
    /// The store its fixtures go into, absolute.
    public let storePath: String
    /// The suite file, absolute.
    public let suitePath: String
    private let root: String
    private var document: JSONObject
    // One loader for the run, so the schemas of earlier cases are prepared once, not again per learned request.
    private var loader: SuiteLoader
    private var learned = 0

    /// A learner for suite `name` under `root`: the existing suite file's cases are kept and new ones appended.
    public init(name: String, root: String) throws(LiftrecError) {
        self.name = name
        self.root = root
        suitePath = ProjectLayout.suitePath(root: root, name: name)
        loader = SuiteLoader(root: root)
        if FileSystem.exists(suitePath) {
            let existing = try loader.read(name: name).root.value
            guard let object = existing.objectValue else {
                throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: nil, field: nil, reason: "a suite must be a JSON object")
            }
            document = object
        } else {
            document = JSONObject([
                ("format", .string(Suite.format)), ("name", .string(name)), ("origin", .string(Suite.learnedOrigin)), ("cases", .array([])),
            ])
        }
        storePath = loader.storePath(of: JSONDocument(.object(document)), name: name)
    }

    /// How many cases this run added.
    public var count: Int { learned }

    /// Adds the request `body` of `wireProtocol` as a case named `key` (or `req_` and 12 hex digits of its
    /// fingerprint), numbered on when the name is taken, and returns the case as the suite defines it: a chat request
    /// as itself, a Modal one in the §3 shorthand.
    public mutating func learn(
        _ body: JSONObject, speaking wireProtocol: any WireProtocol, key requested: String?, fingerprint: String
    ) throws(LiftrecError) -> SuiteCase {
        var cases = document["cases"]?.arrayValue ?? []
        let taken = Set(cases.compactMap { $0["key"]?.stringValue })
        let base = requested ?? "req_" + fingerprint.prefix(12)
        var key = base
        var number = 1
        while taken.contains(key) {
            number += 1
            key = "\(base)_\(number)"
        }
        var entry = JSONObject([("key", .string(key))])
        if wireProtocol.name != (document["protocol"]?.stringValue ?? WireProtocols.standard.name) {
            entry["protocol"] = .string(wireProtocol.name)
        }
        let written: JSONObject
        do {
            written = try wireProtocol.learnedCase(body)
        } catch {
            throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: key, field: "request", reason: error.description)
        }
        for (field, value) in written.members where field != "protocol" { entry[field] = value }
        cases.append(.object(entry))
        var candidate = document
        candidate["cases"] = .array(cases)
        let suite = try loader.build(.object(candidate), name: name)
        guard let suiteCase = suite.cases.last else {
            throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: key, field: nil, reason: "the learned case did not load")
        }
        document = candidate
        learned += 1
        return suiteCase
    }

    /// The suite file's bytes with every learned case, as liftrec writes JSON for people to read.
    public func encoded() -> [UInt8] {
        JSONWriter.pretty(.object(document)) + Array("\n".utf8)
    }
}
