/// One command's access to its stores: locks taken in path order, stores read with their journals folded in, and every
/// store that needs it written back once, atomically, before the locks are released.
///
/// A writer that finds a journal left by a killed run writes its fixtures into the store and removes it, even when
/// the command itself changes nothing, so no fixture ever lives in the hidden journal alone.
struct StoreTransaction: Sendable {
    /// The stores by absolute path.
    private(set) var stores: [String: Store]
    /// Whether the transaction holds the locks and may write.
    let isWriting: Bool
    private var locks: [StoreLock]
    private let writes: FileWrites
    private var journals: [String: Journal] = [:]
    // Stores whose file no longer says what the transaction holds: entries changed, or a journal was folded in.
    private var dirty: Set<String> = []

    /// Reads `targets`; when `writing`, first takes their locks, waiting up to `wait` seconds for another writer.
    static func open(
        _ targets: [(path: String, display: String)], writing: Bool, wait: Double, environment: Environment
    ) async throws(LiftrecError) -> StoreTransaction {
        var locks: [StoreLock] = []
        if writing {
            // A store that is read-only, a FIFO or a device is refused before anything is sent or locked.
            for (path, display) in targets {
                do {
                    _ = try FileSystem.storeTarget(path)
                } catch {
                    throw .io(error.shown(as: display, for: path))
                }
            }
            for (path, display) in targets.sorted(by: { $0.path < $1.path }) {
                do {
                    locks.append(try await StoreLock.acquire(storePath: path, display: display, waitSeconds: wait, environment: environment))
                } catch {
                    for lock in locks { lock.release() }
                    throw error
                }
            }
        }
        var transaction = StoreTransaction(stores: [:], isWriting: writing, locks: locks, writes: environment.fileWrites)
        do {
            for (path, display) in targets where transaction.stores[path] == nil {
                let store = try Store.load(path: path, display: display)
                transaction.stores[path] = store
                if store.journalEntries > 0 { transaction.dirty.insert(path) }
            }
        } catch {
            transaction.close()
            throw error
        }
        return transaction
    }

    /// Runs `body` inside a transaction on `targets`, then writes what it changed and releases the locks.
    static func run<Result>(
        _ targets: [(path: String, display: String)], writing: Bool, wait: Double, environment: Environment,
        _ body: (inout StoreTransaction) async throws(LiftrecError) -> Result
    ) async throws(LiftrecError) -> Result {
        var transaction = try await open(targets, writing: writing, wait: wait, environment: environment)
        defer { transaction.close() }
        let result = try await body(&transaction)
        try transaction.commit()
        return result
    }

    /// The store at `path`, or an empty one when the transaction does not hold it.
    func store(_ path: String, display: String) -> Store {
        stores[path] ?? Store(path: path, display: display)
    }

    /// Puts `entry` under `key` in the store at `path`, or removes the key when `entry` is nil.
    mutating func set(_ entry: JSONValue?, key: String, in path: String) throws(LiftrecError) {
        if let entry {
            try stores[path]?.set(key, to: entry)
        } else {
            stores[path]?.remove(key)
        }
        dirty.insert(path)
    }

    /// The journal of the store at `path`, opened on first use; appending to it makes a fixture durable at once.
    mutating func journal(for path: String) throws(LiftrecError) -> Journal {
        if let journal = journals[path] { return journal }
        let journal = try Journal.open(storePath: path, writes: writes)
        journals[path] = journal
        return journal
    }

    /// Every journal opened so far, by store path.
    var openJournals: [String: Journal] { journals }

    /// Writes every store that changed or had a journal folded in, each atomically, removing its journal.
    mutating func commit() throws(LiftrecError) {
        guard isWriting else { return }
        for path in dirty.sorted() {
            try stores[path]?.save(writes: writes)
            dirty.remove(path)
        }
    }

    /// Replaces the stores with `updated` (the same paths), marking those in `changed` for writing.
    mutating func adopt(_ updated: [String: Store], changed: Set<String>) {
        for (path, store) in updated where stores[path] != nil { stores[path] = store }
        dirty.formUnion(changed)
    }

    /// Closes the journals, removing those that stayed empty, and releases the locks without writing.
    func close() {
        for (path, journal) in journals {
            journal.close()
            Journal.removeIfEmpty(storePath: path)
        }
        for lock in locks { lock.release() }
    }
}
