/// Grows a suite from the requests a test run sends: each request no case answers becomes a new case, so the run's
/// next pass is served offline and `record`, `diff` and `verify` treat the learned cases like written ones.
///
/// Each learned case is appended, fsynced, to the suite's journal (`fixtures/suites/.NAME.json.journal`) before the
/// client hears its reply; the suite file is written once, at the end. Readers lay the journal over the file, so a
/// run killed midway loses nothing it paid for. Learning a case costs the same however many came before it.
struct SuiteLearner: Sendable {
    /// The learned suite's name.
    let name: String
    /// The store its fixtures go into, absolute.
    let storePath: String
    /// The suite file, absolute.
    let suitePath: String
    private let root: String
    // The suite's fields but its cases, which each learned case is built against.
    private let header: JSONObject
    private var cases: [JSONValue]
    private var taken: Set<String>
    // One loader for the run, so the suite's schemas are prepared once, not again per learned request.
    private var loader: SuiteLoader
    private var learned = 0
    private var journal: Journal?

    /// A learner for suite `name` under `root`: the existing suite's cases, its journal's included, are kept and new
    /// ones appended.
    init(name: String, root: String) throws(LiftrecError) {
        self.name = name
        self.root = root
        suitePath = ProjectLayout.suitePath(root: root, name: name)
        loader = SuiteLoader(root: root)
        var document: JSONObject
        if FileSystem.exists(suitePath) || FileSystem.exists(Journal.path(for: suitePath)) {
            let existing = try loader.read(name: name).root.value
            guard let object = existing.objectValue else {
                throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: nil, field: nil, reason: "a suite must be a JSON object")
            }
            document = object
        } else {
            document = SuiteLoader.emptyLearnedSuite(name: name)
        }
        cases = document["cases"]?.arrayValue ?? []
        taken = Set(cases.compactMap { $0["key"]?.stringValue })
        document["cases"] = .array([])
        header = document
        storePath = FileSystem.resolve(document["store"]?.stringValue ?? SuiteLoader.defaultStore(name), against: root)
    }

    /// How many cases this run added.
    var count: Int { learned }

    /// Opens the suite's journal for appending, so that each learned case is durable before its reply is given.
    mutating func openJournal(writes: FileWrites = .live) throws(LiftrecError) {
        journal = try Journal.open(storePath: suitePath, writes: writes)
    }

    /// Adds the request `body` of `wireProtocol` as a case named `key` (or `req_` and 12 hex digits of its
    /// fingerprint), numbered on when the name is taken, and returns the case as the suite defines it: a chat request
    /// as itself, a Modal one in the §3 shorthand. Nothing is durable until `keep()`.
    mutating func learn(
        _ body: JSONObject, on route: Route, key requested: String?, fingerprint: String
    ) throws(LiftrecError) -> SuiteCase {
        let wireProtocol = route.wireProtocol
        let base = requested ?? "req_" + fingerprint.prefix(12)
        var key = base
        var number = 1
        while taken.contains(key) {
            number += 1
            key = "\(base)_\(number)"
        }
        var entry = JSONObject([("key", .string(key))])
        if wireProtocol.name != (header["protocol"]?.stringValue ?? WireProtocols.standard.name) {
            entry["protocol"] = .string(wireProtocol.name)
        }
        let written: JSONObject
        do {
            written = try wireProtocol.learnedCase(body, route: route)
        } catch {
            throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: key, field: "request", reason: error.description)
        }
        for (field, value) in written.members where field != "protocol" { entry[field] = value }
        // The case is checked alone against the suite's fields, so learning the n-th case does not rebuild the n-1 before it.
        var alone = header
        alone["cases"] = .array([.object(entry)])
        let suite = try loader.build(.object(alone), name: name)
        guard let suiteCase = suite.cases.last else {
            throw .suite(file: ProjectLayout.display(suitePath, root: root), caseKey: key, field: nil, reason: "the learned case did not load")
        }
        cases.append(.object(entry))
        taken.insert(key)
        learned += 1
        return suiteCase
    }

    /// Appends the case learned last to the suite's journal, fsynced; when this throws, the case must not be kept.
    func keep() throws(LiftrecError) {
        guard let journal, let entry = cases.last, let key = entry["key"]?.stringValue else { return }
        try journal.append(key: key, entry: entry)
    }

    /// The suite file's bytes with every learned case, as liftrec writes JSON for people to read.
    func encoded() -> [UInt8] {
        var document = header
        document["cases"] = .array(cases)
        return JSONWriter.pretty(.object(document)) + Array("\n".utf8)
    }

    /// Writes the suite file whole, then removes its journal, whose cases it now holds.
    func save() throws(LiftrecError) {
        do {
            try FileSystem.writeAtomically(encoded(), to: suitePath)
        } catch {
            throw .io(error)
        }
        journal?.close()
        try Journal.remove(storePath: suitePath)
    }
}
