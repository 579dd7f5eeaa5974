/// One node's keywords for one kind of value, held by reference so the evaluator visiting a node retains one object
/// instead of every array and pattern the keywords hold.
final class KeywordBox<Keywords: Sendable>: Sendable {
    /// The keywords.
    let keywords: Keywords

    /// A box holding `keywords`.
    init(_ keywords: Keywords) {
        self.keywords = keywords
    }
}
