import Synchronization

/// Prepared schemas by a text key, shared by the cores that build a suite's cases, so cases that share a schema
/// share its compiled form and it is compiled about once.
final class SchemaCache: Sendable {
    private let prepared = Mutex<[String: PreparedSchema]>([:])

    /// The schema prepared under `key`, if any.
    subscript(key: String) -> PreparedSchema? {
        prepared.withLock { $0[key] }
    }

    /// Keeps `schema` under `key`; when two cores prepared the same key at once, the first kept wins and is returned.
    func keep(_ schema: PreparedSchema, as key: String) -> PreparedSchema {
        prepared.withLock { cache in
            if let earlier = cache[key] { return earlier }
            cache[key] = schema
            return schema
        }
    }
}
