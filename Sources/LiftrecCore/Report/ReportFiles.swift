/// The report files a command was asked to write besides its output.
public struct ReportFiles: Sendable, Equatable {
    /// `--markdown FILE`.
    public var markdown: String?
    /// `--junit FILE`.
    public var junit: String?
    /// `--receipt FILE`: the report as JSON.
    public var receipt: String?

    /// No files.
    public init(markdown: String? = nil, junit: String? = nil, receipt: String? = nil) {
        self.markdown = markdown
        self.junit = junit
        self.receipt = receipt
    }

    /// The files and the options that asked for them.
    public var requested: [(path: String, option: OptionSpec)] {
        [(markdown, OptionKey.markdown.spec), (junit, OptionKey.junit.spec), (receipt, OptionKey.receipt.spec)].compactMap { path, option in path.map { ($0, option) } }
    }
}
