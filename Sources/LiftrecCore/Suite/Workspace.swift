/// The project a command works on: its root, every suite in it, and the ones the command was asked about.
struct Workspace: Sendable {
    /// The project root.
    let root: String
    /// Every suite under `fixtures/suites/`, in name order.
    let allSuites: [Suite]
    /// The suites named by `--suite`, in the order given, or all of them.
    let selected: [Suite]

    /// Every variable a suite's cases take credentials from (`auth_env` included), whose values are secrets.
    var credentialVariables: Set<String> {
        var variables: Set<String> = []
        for suite in allSuites {
            variables.formUnion(suite.wireProtocol.credentialVariables)
            for suiteCase in suite.cases { variables.formUnion(suiteCase.wireProtocol.credentialVariables) }
        }
        return variables
    }

    /// Finds the root and loads every suite; `names` selects suites (empty means all), and `fingerprints` false
    /// leaves out the request fingerprints for a command that never compares requests.
    static func open(
        root explicitRoot: String?, names: [String], workingDirectory: String, fingerprints: Bool = true, startingProject: Bool = false
    ) throws(LiftrecError) -> Workspace {
        var (loader, documents) = try readSuites(root: explicitRoot, names: names, workingDirectory: workingDirectory, startingProject: startingProject)
        loader.fingerprintsCases = fingerprints
        return try build(loader, documents, names: names)
    }

    /// Opens the workspace as `open` does, and hands back the parsed suite files by name for a command that reads
    /// them again (verify's secret search), so none is parsed twice.
    static func openKeepingDocuments(
        root explicitRoot: String?, names: [String], workingDirectory: String
    ) throws(LiftrecError) -> (Workspace, [String: JSONDocument]) {
        let (loader, documents) = try readSuites(root: explicitRoot, names: names, workingDirectory: workingDirectory)
        let kept = Dictionary(documents.filter { names.isEmpty || names.contains($0.0) }, uniquingKeysWith: { first, _ in first })
        return (try build(loader, documents, names: names), kept)
    }

    /// Opens the workspace while the selected suites' stores are read and parsed on another core.
    ///
    /// For read-only commands on large suites, building the cases and parsing the stores each take a comparable time.
    static func openLoadingStores(
        root explicitRoot: String?, names: [String], workingDirectory: String
    ) async throws(LiftrecError) -> (Workspace, [String: Store]) {
        let (root, available) = try discover(root: explicitRoot, names: names, workingDirectory: workingDirectory)
        // Most suites keep the default store, so its reading starts before the suites are even parsed; a suite that
        // names another store has that one read once the suites say so.
        var guessed: [String] = []
        for name in names.isEmpty ? available : names {
            let path = FileSystem.resolve(SuiteLoader.defaultStore(name), against: root)
            if !guessed.contains(path) { guessed.append(path) }
        }
        let load = { @Sendable (path: String) in
            Result { () throws(LiftrecError) -> Store in try Store.load(path: path, display: ProjectLayout.display(path, root: root)) }
        }
        async let early = guessed.map(load)
        let (loader, documents) = try readSuites(root: root, available: available)
        var paths: [String] = []
        for (name, document) in documents where names.isEmpty || names.contains(name) {
            let path = loader.storePath(of: document, name: name)
            if !paths.contains(path) { paths.append(path) }
        }
        let workspace = try build(loader, documents, names: names)
        var loaded: [String: Result<Store, LiftrecError>] = [:]
        for (path, result) in zip(guessed, await early) { loaded[path] = result }
        var stores: [String: Store] = [:]
        for path in paths {
            switch loaded[path] ?? load(path) {
            case .success(let store): stores[store.path] = store
            case .failure(let error): throw error
            }
        }
        return (workspace, stores)
    }

    private static func readSuites(
        root explicitRoot: String?, names: [String], workingDirectory: String, startingProject: Bool = false
    ) throws(LiftrecError) -> (SuiteLoader, [(String, JSONDocument)]) {
        let (root, available) = try discover(root: explicitRoot, names: names, workingDirectory: workingDirectory, startingProject: startingProject)
        return try readSuites(root: root, available: available)
    }

    /// The project root and every suite name in it, after checking that each name asked for is one of them.
    ///
    /// `startingProject` (`--learn`, which creates its suite) accepts a project with no suites, and a working
    /// directory with no `fixtures/suites/` anywhere above it as the root of a new one.
    private static func discover(
        root explicitRoot: String?, names: [String], workingDirectory: String, startingProject: Bool = false
    ) throws(LiftrecError) -> (root: String, available: [String]) {
        let root: String
        do {
            root = try ProjectLayout.findRoot(explicit: explicitRoot, workingDirectory: workingDirectory)
        } catch {
            guard startingProject, explicitRoot == nil else { throw error }
            return (ProjectLayout.normalized(workingDirectory), [])
        }
        let available = FileSystem.isDirectory(root + "/" + ProjectLayout.suitesFolder) || !startingProject ? try ProjectLayout.suiteNames(root: root) : []
        for name in names where !available.contains(name) {
            let hint = SpellingSuggestion.closest(to: name, among: available).map { "did you mean '\($0)'? " } ?? ""
            let list = available.isEmpty ? "there are none yet" : "available: " + available.joined(separator: ", ")
            throw .usage("unknown suite \(singleQuoted(name)): no \(singleQuoted(ProjectLayout.suitesFolder + "/" + name + ".json")); \(hint)\(list)")
        }
        if available.isEmpty && !startingProject {
            throw .usage("no suites in \(ProjectLayout.suitesFolder)/; add one such as \(ProjectLayout.suitesFolder)/provider.json (format liftrec-suite/1)")
        }
        return (root, available)
    }

    /// Every suite file of the project, parsed.
    private static func readSuites(root: String, available: [String]) throws(LiftrecError) -> (SuiteLoader, [(String, JSONDocument)]) {
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
    func suites(sharing path: String) -> [Suite] {
        allSuites.filter { $0.storePath == path }
    }

    /// The store keys that some case of some suite uses in the store at `path`.
    func keysInUse(store path: String) -> Set<String> {
        var keys: Set<String> = []
        let sharing = suites(sharing: path)
        keys.reserveCapacity(sharing.reduce(0) { $0 + $1.cases.count })
        for suite in sharing {
            for suiteCase in suite.cases { keys.insert(suiteCase.storeKey) }
        }
        return keys
    }

    /// The distinct stores of the selected suites, in first-use order.
    var selectedStores: [(path: String, display: String)] {
        var seen: Set<String> = []
        var stores: [(String, String)] = []
        for suite in selected where seen.insert(suite.storePath).inserted {
            stores.append((suite.storePath, suite.storeDisplay))
        }
        return stores
    }

    /// Loads the store of every selected suite once, keyed by its path.
    func loadSelectedStores() throws(LiftrecError) -> [String: Store] {
        var stores: [String: Store] = [:]
        for (path, display) in selectedStores {
            stores[path] = try Store.load(path: path, display: display)
        }
        return stores
    }

    // Two suites writing the same key into one store would overwrite each other's fixtures.
    private static func checkSharedStores(_ suites: [Suite]) throws(LiftrecError) {
        var sharers: [String: Int] = [:]
        for suite in suites { sharers[suite.storePath, default: 0] += 1 }
        var owners: [String: [String: String]] = [:]
        // A suite alone in its store has had its keys checked by the loader already.
        for suite in suites where sharers[suite.storePath, default: 0] > 1 {
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
