/// A `metadata.liftrec` object that liftrec cannot read, naming the field at fault.
public struct FixtureFactsError: Error, Sendable, Equatable {
    /// The field of `metadata.liftrec` at fault.
    public let field: String
    /// What is wrong with it.
    public let reason: String

    /// One line for reports.
    public var message: String { "metadata.liftrec" + (field.isEmpty ? "" : "." + field) + " " + reason }
}
