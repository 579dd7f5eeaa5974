/// Finds the valid word a mistyped one was most likely meant to be.
enum SpellingSuggestion {
    /// The candidate closest to `word`, or nil when none is close enough to be a plausible typo.
    ///
    /// Closeness is the optimal-string-alignment distance (insertions, deletions, substitutions and
    /// swaps of neighbours each cost 1), ignoring case; a candidate qualifies within a quarter of its
    /// length, at least 1 and at most 3, and ties go to the earlier candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.lowercased())
            let limit = min(3, max(1, target.count / 4))
            guard abs(typed.count - target.count) <= limit else { continue }
            let distance = Self.distance(typed, target)
            if distance <= limit, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        // Three rows suffice: the swap rule looks back two rows.
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for (row, letter) in a.enumerated() {
            current[0] = row + 1
            for (column, other) in b.enumerated() {
                var value = min(previous[column + 1] + 1, current[column] + 1, previous[column] + (letter == other ? 0 : 1))
                if row > 0, column > 0, letter == b[column - 1], a[row - 1] == other {
                    value = min(value, previousPrevious[column - 1] + 1)
                }
                current[column + 1] = value
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
