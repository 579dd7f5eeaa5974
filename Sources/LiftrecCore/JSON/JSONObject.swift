/// A JSON object that keeps its members in document order and finds them by key quickly.
struct JSONObject: Sendable, Equatable {
    /// Member names in document order; each appears once.
    private(set) var keys: [String]
    /// Member values, parallel to `keys`.
    private(set) var values: [JSONValue]
    // Built only for larger objects: small ones are faster to scan than to hash.
    private var index: [Name: Int]?

    private static let indexThreshold = 12

    /// An empty object.
    init() {
        keys = []
        values = []
        index = nil
    }

    /// An object from members in order; a repeated key keeps its first position and its last value.
    init(_ members: [(String, JSONValue)]) {
        self.init()
        keys.reserveCapacity(members.count)
        values.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// An object from parallel member arrays in order; a repeated key keeps its first position and its last value.
    init(keys: [String], values: [JSONValue]) {
        let lookup = Self.lookup(forDistinct: keys)
        guard lookup.isDistinct else {
            self.init(Array(zip(keys, values)))
            return
        }
        self.init()
        self.keys = keys
        self.values = values
        index = lookup.index
    }

    /// Whether `keys` are pairwise distinct, and the index an object with those keys keeps.
    private static func lookup(forDistinct keys: [String]) -> (isDistinct: Bool, index: [Name: Int]?) {
        if keys.count > indexThreshold {
            var built: [Name: Int] = [:]
            built.reserveCapacity(keys.count)
            for (position, key) in keys.enumerated() where built.updateValue(position, forKey: Name(key)) != nil {
                return (false, nil)
            }
            return (true, built)
        }
        for later in keys.indices.dropFirst() {
            for earlier in 0..<later where Name.same(keys[earlier], keys[later]) {
                return (false, nil)
            }
        }
        return (true, nil)
    }

    /// Number of members.
    var count: Int { keys.count }

    /// True when the object has no members.
    var isEmpty: Bool { keys.isEmpty }

    /// Members in document order.
    var members: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }

    /// The position of `key` in document order, or nil.
    func position(of key: String) -> Int? {
        if let index { return index[Name(key)] }
        return keys.firstIndex { Name.same($0, key) }
    }

    /// The value of member `key`; assigning nil removes it, assigning a new key appends it.
    subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return values[position]
        }
        set {
            if let newValue {
                if let position = position(of: key) {
                    values[position] = newValue
                } else {
                    keys.append(key)
                    values.append(newValue)
                    if index != nil {
                        index![Name(key)] = keys.count - 1
                    } else if keys.count > Self.indexThreshold {
                        rebuildIndex()
                    }
                }
            } else if let position = position(of: key) {
                keys.remove(at: position)
                values.remove(at: position)
                if keys.count > Self.indexThreshold { rebuildIndex() } else { index = nil }
            }
        }
    }

    /// Equal when both hold the same keys with equal values, in any order.
    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs.members {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    private mutating func rebuildIndex() {
        index = Self.lookup(forDistinct: keys).index
    }

    /// A member name matched by its exact UTF-8 bytes: Swift `String` equality would merge canonically
    /// equivalent names (`"é"` precomposed and decomposed) that JSON, and Python, keep apart.
    struct Name: Hashable {
        let text: String

        init(_ text: String) {
            self.text = text
        }

        /// True when both names have the same UTF-8 bytes.
        static func same(_ lhs: String, _ rhs: String) -> Bool {
            lhs.utf8.count == rhs.utf8.count && lhs.utf8.elementsEqual(rhs.utf8)
        }

        static func == (lhs: Name, rhs: Name) -> Bool {
            same(lhs.text, rhs.text)
        }

        func hash(into hasher: inout Hasher) {
            let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if hashed == nil {
                for byte in text.utf8 { hasher.combine(byte) }
            }
        }
    }
}
