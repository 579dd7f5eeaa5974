/// How a case key becomes a store key, matching the Python ResponseRecorder.
enum StoreKey {
    /// Keys longer than this many characters are stored hashed.
    static let maximumLength = 100

    /// The key itself, or `hash_` plus the first 16 hex digits of its SHA-256 when it is longer than 100 characters.
    static func forCase(_ key: String) -> String {
        // UTF-8 never has fewer bytes than scalars, so short keys skip the count.
        guard key.utf8.count > maximumLength, key.unicodeScalars.count > maximumLength else { return key }
        return "hash_" + String(SHA256.hexDigest(Array(key.utf8)).prefix(16))
    }
}
