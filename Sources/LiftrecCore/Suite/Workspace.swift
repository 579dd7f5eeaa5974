/// The project a command works on: its root, every suite in it, and the ones the command was asked about.
public struct Workspace: Sendable {
    /// The project root.
    public let root: String
    /// Every suite under `fixtures/suites/`, in name order.
    public let allSuites: [Suite]
    /// The suites named by `--suite`, in the order given, or all of them.
    public let selected: [Suite]

    /// Finds the root and loads every suite; `names` selects suites (empty means all).
    public static func open(root explicitRoot: String?, names: [String], workingDirectory: String) throws(LiftrecError) -> Workspace {
        let root = try ProjectLayout.findRoot(explicit: explicitRoot, workingDirectory: workingDirectory)
        let available = try ProjectLayout.suiteNames(root: root)
        for name in names where !available.contains(name) {
            let hint = SpellingSuggestion.closest(to: name, among: available).map { "did you mean '\($0)'? " } ?? ""
            let list = available.isEmpty ? "there are none yet" : "available: " + available.joined(separator: ", ")
            throw .usage("unknown suite '\(name)': no \(ProjectLayout.suitesFolder)/\(name).json; \(hint)\(list)")
        }
        if available.isEmpty {
            throw .usage("no suites in \(ProjectLayout.suitesFolder)/; add one such as \(ProjectLayout.suitesFolder)/provider.json (format liftrec-suite/1)")
        }
        var loader = SuiteLoader(root: root)
        var all: [Suite] = []
        for name in available {
            all.append(try loader.load(name: name))
        }
        try checkSharedStores(all)
        var selected: [Suite] = []
        for name in names where !selected.contains(where: { $0.name == name }) {
            if let suite = all.first(where: { $0.name == name }) { selected.append(suite) }
        }
        return Workspace(root: root, allSuites: all, selected: names.isEmpty ? all : selected)
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
