/// Produces deterministic JSON values that conform to a JSON schema, as a grammar-constrained model would.
///
/// The embedded simulator answers with these. The same seed and salt always give the same value;
/// different salts give visibly different strings, choices, optional members and array lengths.
/// Each value is checked against `CompiledSchema`; a failing one is rebuilt from a derived seed a few
/// times, and the attempt with the fewest violations is returned when none passes.
struct SchemaSampler: Sendable {
    /// How many values are built before the closest one is returned.
    static let attempts = 6

    private let seed: Int
    private let salt: String

    /// A sampler whose choices derive from `seed` and `salt` (the request fingerprint, in hex).
    init(seed: Int, salt: String) {
        self.seed = seed
        self.salt = salt
    }

    /// A value for `schema` (an object or boolean, also the root for local `$ref`s); `null` when nothing fits.
    func sample(_ schema: JSONValue) -> JSONValue {
        let validator = try? CompiledSchema(schema)
        var generator = SampleGenerator(document: schema)
        var random = SplitMix64(seed: seed, salt: salt)
        var best: (value: JSONValue, violations: Int)?
        for _ in 0..<Self.attempts {
            let value = generator.sample(SplitMix64(seed: random.next()))
            guard let validator else { return value }
            let violations = validator.validate(value).count
            if violations == 0 { return value }
            if best.map({ violations < $0.violations }) ?? true { best = (value, violations) }
            if generator.truncated { break }
        }
        return best?.value ?? .null
    }
}
