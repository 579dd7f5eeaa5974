/// A `metadata.liftrec` object that liftrec cannot read, naming the field at fault.
struct FixtureFactsError: Error, Sendable, Equatable {
    /// The field of `metadata.liftrec` at fault.
    let field: String
    /// What is wrong with it.
    let reason: String

    /// One line for reports.
    var message: String { "metadata.liftrec" + (field.isEmpty ? "" : "." + field) + " " + reason }
}
