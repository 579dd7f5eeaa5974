/// A store file: one JSON object of fixtures keyed by store key, kept byte-faithful for ResponseRecorder.
public struct Store: Sendable {
    /// The file, absolute.
    public let path: String
    /// The file as shown to the user.
    public let display: String
    /// The entries in file order, exactly as read.
    public var entries: JSONObject
    /// How many fixtures an interrupted recording's journal laid over the file when it was read.
    public private(set) var journalEntries = 0

    /// An empty store that will be written to `path`.
    public init(path: String, display: String, entries: JSONObject = JSONObject()) {
        self.path = path
        self.display = display
        self.entries = entries
    }

    /// Reads a store with any fixtures an interrupted recording left in its journal laid over it.
    ///
    /// A file that does not exist yet is an empty store.
    public static func load(path: String, display: String) throws(LiftrecError) -> Store {
        var bytes: [UInt8]?
        do {
            bytes = try FileSystem.read(path)
        } catch {
            guard error.isNotFound else { throw .io(error.shown(as: display, for: path)) }
        }
        var store = Store(path: path, display: display)
        if let bytes { store = try parse(bytes, path: path, display: display) }
        for (key, entry) in try Journal.entries(storePath: path) {
            store.entries[key] = entry
            store.journalEntries += 1
        }
        return store
    }

    /// A store from file bytes.
    public static func parse(_ bytes: [UInt8], path: String, display: String) throws(LiftrecError) -> Store {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw .invalidJSON(file: display, line: error.line, column: error.column, reason: error.message)
        }
        guard let entries = document.objectValue else {
            throw .store(file: display, reason: "a store must be a JSON object keyed by fixture key, found \(document.typeName); restore it from version control")
        }
        return Store(path: path, display: display, entries: entries)
    }

    /// The fixture under `key`, if any.
    public func fixture(_ key: String) -> Fixture? {
        entries[key].map { Fixture(key: key, entry: $0) }
    }

    /// Every fixture in file order.
    public var fixtures: [Fixture] {
        entries.members.map { Fixture(key: $0.0, entry: $0.1) }
    }

    /// The file bytes: Python's `json.dumps(store, indent=2, sort_keys=True)` plus a newline.
    public func encoded() -> [UInt8] {
        var bytes = JSONWriter.pretty(.object(entries))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Writes the store atomically and durably (through a symlink to its target), then drops the journal whose entries it now holds; hold the lock.
    public func save(writes: FileWrites = .live) throws(LiftrecError) {
        do {
            try writes.writeStore(encoded(), path)
        } catch {
            throw .io(error)
        }
        try Journal.remove(storePath: path)
    }
}
