/// A store file: one JSON object of fixtures keyed by store key, kept byte-faithful for ResponseRecorder.
///
/// The file is read once into a `JSONDocument` and its entries are read in place; an entry a command sets is kept as
/// the value it built until the store is written.
struct Store: Sendable {
    /// The file, absolute.
    let path: String
    /// The file as shown to the user.
    let display: String
    /// How many fixtures an interrupted recording's journal laid over the file when it was read.
    private(set) var journalEntries = 0

    /// An entry as read from the file or as set since.
    private enum Entry: Sendable {
        case read(JSONElement)
        /// The value set, written out as it is, and the same value as a document, read as a fixture.
        case written(JSONValue, JSONElement)
    }

    // Entries in file order, then in the order new keys were set; a removed key leaves nil behind.
    private var slots: [(key: String, entry: Entry)?] = []
    // Where each key's slot is, matched by the key's exact UTF-8 bytes as JSON and Python match member names.
    private var positions: [JSONObject.Name: Int] = [:]
    // The size of the file the store was read from, to size the buffer it is written into.
    private var readBytes = 0

    /// An empty store that will be written to `path`.
    init(path: String, display: String) {
        self.path = path
        self.display = display
    }

    /// Reads a store with any fixtures an interrupted recording left in its journal laid over it.
    ///
    /// A file that does not exist yet is an empty store.
    static func load(path: String, display: String) throws(LiftrecError) -> Store {
        var bytes: [UInt8]?
        do {
            bytes = try FileSystem.read(path)
        } catch {
            guard error.isNotFound else { throw .io(error.shown(as: display, for: path)) }
        }
        var store = Store(path: path, display: display)
        if let bytes { store = try parse(bytes, path: path, display: display) }
        for (key, entry) in try Journal.entries(storePath: path) {
            try store.set(key, to: entry)
            store.journalEntries += 1
        }
        return store
    }

    /// A store from file bytes.
    static func parse(_ bytes: [UInt8], path: String, display: String) throws(LiftrecError) -> Store {
        guard bytes.count <= JSONDocument.maximumSize else {
            throw .store(file: display, reason: "is \(bytes.count) bytes, larger than the \(JSONDocument.maximumSize >> 20) MiB a store may be; split its suite so that each store stays under that")
        }
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            throw .invalidJSON(file: display, line: error.line, column: error.column, reason: error.message)
        }
        let root = document.root
        guard root.isObject else {
            throw .store(file: display, reason: "a store must be a JSON object keyed by fixture key, found \(root.typeName); restore it from version control")
        }
        var store = Store(path: path, display: display)
        store.readBytes = bytes.count
        store.slots.reserveCapacity(root.count)
        store.positions.reserveCapacity(root.count)
        for (name, value) in root.members {
            store.put(name.stringValue!, .read(value))
        }
        return store
    }

    /// How many entries the store holds.
    var count: Int { positions.count }

    /// Every key in file order, then keys set since in the order they were set.
    var keys: [String] { slots.compactMap { $0?.key } }

    /// The entry under `key` as a value.
    subscript(key: String) -> JSONValue? {
        guard let position = positions[JSONObject.Name(key)], let slot = slots[position] else { return nil }
        return Self.value(of: slot.entry)
    }

    /// Sets the entry under `key` (a new key is appended); a value too deep or too large to read back is refused.
    mutating func set(_ key: String, to value: JSONValue) throws(LiftrecError) {
        do {
            put(key, .written(value, try JSONDocument(value).root))
        } catch {
            throw .store(file: display, reason: "the entry for \(quoted(key)) cannot be stored: \(error.message); nothing was written")
        }
    }

    /// Removes the entry under `key`, if any.
    mutating func remove(_ key: String) {
        if let position = positions.removeValue(forKey: JSONObject.Name(key)) {
            slots[position] = nil
        }
    }

    /// Every entry as one object, in the order of `keys`.
    var entries: JSONObject {
        JSONObject(slots.compactMap { $0.map { ($0.key, Self.value(of: $0.entry)) } })
    }

    /// The fixture under `key`, if any.
    func fixture(_ key: String) -> Fixture? {
        guard let position = positions[JSONObject.Name(key)], let slot = slots[position] else { return nil }
        return Self.fixture(slot.key, slot.entry)
    }

    /// Every fixture in the order of `keys`.
    var fixtures: [Fixture] {
        slots.compactMap { $0.map { Self.fixture($0.key, $0.entry) } }
    }

    /// The file bytes: Python's `json.dumps(store, indent=2, sort_keys=True)` plus a newline.
    ///
    /// Entries read from the file are copied from its bytes wherever that gives what Python writes.
    func encoded() -> [UInt8] {
        encodedBuffer().finish()
    }

    // The file bytes in the buffer they were written into, so saving a large store copies them no more.
    private func encodedBuffer() -> JSONByteBuffer {
        var live = slots.compactMap { $0 }
        guard !live.isEmpty else {
            var empty = JSONByteBuffer(capacity: 3)
            empty.append("{}\n")
            return empty
        }
        // Python sorts `str` keys by code point, which is the order of their UTF-8 bytes.
        live.sort { JSONMemberOrder.python.precedes($0.key, $1.key) }
        var buffer = JSONByteBuffer(capacity: max(1 << 16, readBytes + readBytes / 8))
        buffer.append(UInt8(ascii: "{"))
        for (position, slot) in live.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.appendNewline(indentedTo: 1)
            buffer.appendQuoted(slot.key, escapingNonASCII: true)
            buffer.append(": ")
            switch slot.entry {
            case .read(let element):
                let document = element.document
                // A file Python or liftrec wrote is already in this form: its entries are copied, not rewritten.
                if let text = document.pythonText(ofRootMemberAt: element.index) {
                    document.bytes.withUnsafeBufferPointer { buffer.append(UnsafeBufferPointer(rebasing: $0[text])) }
                } else {
                    PrettyJSONDocumentEncoder.append(element, depth: 1, to: &buffer)
                }
            case .written(let value, _): PrettyJSONEncoder.append(value, depth: 1, to: &buffer)
            }
        }
        buffer.appendNewline(indentedTo: 0)
        buffer.append(UInt8(ascii: "}"))
        buffer.append(UInt8(ascii: "\n"))
        return buffer
    }

    /// Writes the store atomically and durably (through a symlink to its target), then drops the journal whose entries it now holds; hold the lock.
    func save(writes: FileWrites = .live) throws(LiftrecError) {
        let buffer = encodedBuffer()
        let written = buffer.withBytes { bytes in Result { () throws(FileError) in try writes.writeStore(bytes, path) } }
        if case .failure(let error) = written { throw .io(error) }
        try Journal.remove(storePath: path)
    }

    // A repeated key keeps its first position and its last value, as Python's `dict` does.
    private mutating func put(_ key: String, _ entry: Entry) {
        if let position = positions[JSONObject.Name(key)] {
            slots[position] = (key, entry)
        } else {
            positions[JSONObject.Name(key)] = slots.count
            slots.append((key, entry))
        }
    }

    private static func value(of entry: Entry) -> JSONValue {
        switch entry {
        case .read(let element): return element.value
        case .written(let value, _): return value
        }
    }

    private static func fixture(_ key: String, _ entry: Entry) -> Fixture {
        switch entry {
        case .read(let element), .written(_, let element): return Fixture(key: key, entry: element)
        }
    }
}
