/// The report files a command was asked to write besides its output.
struct ReportFiles: Sendable, Equatable {
    /// `--markdown FILE`.
    var markdown: String?
    /// `--junit FILE`.
    var junit: String?
    /// `--receipt FILE`: the report as JSON.
    var receipt: String?

    /// No files.
    init(markdown: String? = nil, junit: String? = nil, receipt: String? = nil) {
        self.markdown = markdown
        self.junit = junit
        self.receipt = receipt
    }

    /// The files and the options that asked for them.
    var requested: [(path: String, option: OptionSpec)] {
        [(markdown, OptionKey.markdown.spec), (junit, OptionKey.junit.spec), (receipt, OptionKey.receipt.spec)].compactMap { path, option in path.map { ($0, option) } }
    }
}
