/// The project a command works on: its root, every suite in it, and the ones the command was asked about.
public struct Workspace: Sendable {
    /// The project root.
    public let root: String
    /// Every suite under `fixtures/suites/`, in name order.
    public let allSuites: [Suite]
    /// The suites named by `--suite`, in the order given, or all of them.
    public let selected: [Suite]

    /// Finds the root and loads every suite; `names` selects suites (empty means all), and `fingerprints` false
    /// leaves out the request fingerprints for a command that never compares requests.
    public static func open(
        root explicitRoot: String?, names: [String], workingDirectory: String, fingerprints: Bool = true
    ) throws(LiftrecError) -> Workspace {
        var (loader, documents) = try readSuites(root: explicitRoot, names: names, workingDirectory: workingDirectory)
        loader.fingerprintsCases = fingerprints
        return try build(loader, documents, names: names)
    }

    /// Opens the workspace while the selected suites' stores are read and parsed on another core.
    ///
    /// For read-only commands on large suites, building the cases and parsing the stores each take a comparable time.
    public static func openLoadingStores(
        root explicitRoot: String?, names: [String], workingDirectory: String
    ) async throws(LiftrecError) -> (Workspace, [String: Store]) {
        let (loader, documents) = try readSuites(root: explicitRoot, names: names, workingDirectory: workingDirectory)
        var paths: [String] = []
        for (name, document) in documents where names.isEmpty || names.contains(name) {
            let path = loader.storePath(of: document, name: name)
            if !paths.contains(path) { paths.append(path) }
        }
        let root = loader.root
        async let loading = paths.map { path in
            Result { () throws(LiftrecError) -> Store in try Store.load(path: path, display: ProjectLayout.display(path, root: root)) }
        }
        let workspace = try build(loader, documents, names: names)
        var stores: [String: Store] = [:]
        for result in await loading {
            switch result {
            case .success(let store): stores[store.path] = store
            case .failure(let error): throw error
            }
        }
        return (workspace, stores)
    }

    private static func readSuites(
        root explicitRoot: String?, names: [String], workingDirectory: String
    ) throws(LiftrecError) -> (SuiteLoader, [(String, JSONDocument)]) {
        let root = try ProjectLayout.findRoot(explicit: explicitRoot, workingDirectory: workingDirectory)
        let available = try ProjectLayout.suiteNames(root: root)
        for name in names where !available.contains(name) {
            let hint = SpellingSuggestion.closest(to: name, among: available).map { "did you mean '\($0)'? " } ?? ""
            let list = available.isEmpty ? "there are none yet" : "available: " + available.joined(separator: ", ")
            throw .usage("unknown suite \(singleQuoted(name)): no \(singleQuoted(ProjectLayout.suitesFolder + "/" + name + ".json")); \(hint)\(list)")
        }
        if available.isEmpty {
            throw .usage("no suites in \(ProjectLayout.suitesFolder)/; add one such as \(ProjectLayout.suitesFolder)/provider.json (format liftrec-suite/1)")
        }
        let loader = SuiteLoader(root: root)
        var documents: [(String, JSONDocument)] = []
        for name in available {
            documents.append((name, try loader.read(name: name)))
        }
        return (loader, documents)
    }

    private static func build(_ loader: SuiteLoader, _ documents: consuming [(String, JSONDocument)], names: [String]) throws(LiftrecError) -> Workspace {
        var loader = loader
        var all: [Suite] = []
        // Each document is handed over, so it is freed once its cases are read and before they are fingerprinted.
        var pending = documents.reversed() as [(String, JSONDocument)]
        while let (name, document) = pending.popLast() {
            all.append(try loader.build(document, name: name))
        }
        try checkSharedStores(all)
        var selected: [Suite] = []
        for name in names where !selected.contains(where: { $0.name == name }) {
            if let suite = all.first(where: { $0.name == name }) { selected.append(suite) }
        }
        return Workspace(root: loader.root, allSuites: all, selected: names.isEmpty ? all : selected)
    }

    /// The suites whose fixtures live in the store at `path`.
    public func suites(sharing path: String) -> [Suite] {
        allSuites.filter { $0.storePath == path }
    }

    /// The store keys that some case of some suite uses in the store at `path`.
    public func keysInUse(store path: String) -> Set<String> {
        var keys: Set<String> = []
        for suite in suites(sharing: path) {
            for suiteCase in suite.cases { keys.insert(suiteCase.storeKey) }
        }
        return keys
    }

    /// The distinct stores of the selected suites, in first-use order.
    public var selectedStores: [(path: String, display: String)] {
        var seen: Set<String> = []
        var stores: [(String, String)] = []
        for suite in selected where seen.insert(suite.storePath).inserted {
            stores.append((suite.storePath, suite.storeDisplay))
        }
        return stores
    }

    /// Loads the store of every selected suite once, keyed by its path.
    public func loadSelectedStores() throws(LiftrecError) -> [String: Store] {
        var stores: [String: Store] = [:]
        for (path, display) in selectedStores {
            stores[path] = try Store.load(path: path, display: display)
        }
        return stores
    }

    // Two suites writing the same key into one store would overwrite each other's fixtures.
    private static func checkSharedStores(_ suites: [Suite]) throws(LiftrecError) {
        var owners: [String: [String: String]] = [:]
        for suite in suites {
            for suiteCase in suite.cases {
                if let other = owners[suite.storePath]?[suiteCase.storeKey], other != suite.name {
                    throw .suite(
                        file: suite.file, caseKey: suiteCase.key, field: "key",
                        reason: "suite '\(other)' uses the same key in the same store \(suite.storeDisplay); rename one of the keys or give one suite its own store"
                    )
                }
                owners[suite.storePath, default: [:]][suiteCase.storeKey] = suite.name
            }
        }
    }
}
