/// When human-readable output is coloured (`--color`); the option's words are these cases' names.
enum ColorMode: String, Sendable, CaseIterable {
    /// On a terminal, unless `NO_COLOR` is set.
    case auto
    /// Always, even into a file or pipe.
    case always
    /// Never.
    case never
}
