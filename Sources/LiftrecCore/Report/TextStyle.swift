/// Whether human-readable output is coloured, decided once from `--color`, `NO_COLOR` and the terminal.
struct TextStyle: Sendable {
    /// True when ANSI colour codes are written.
    let colored: Bool

    /// Plain text.
    static let plain = TextStyle(colored: false)

    /// A style with colour on or off.
    init(colored: Bool) {
        self.colored = colored
    }

    /// `always` colours, `never` does not, `auto` colours a terminal unless `NO_COLOR` is set.
    init(mode: ColorMode, variables: [String: String], isTerminal: Bool) {
        switch mode {
        case .always: colored = true
        case .never: colored = false
        case .auto: colored = isTerminal && (variables["NO_COLOR"] ?? "").isEmpty
        }
    }

    /// A status word coloured by how bad it is: green when fine, yellow for warnings, red otherwise.
    func status(_ status: CaseStatus, isWarning: Bool) -> String {
        guard colored else { return status.rawValue }
        let code = status.isGood ? "32" : (isWarning ? "33" : "31")
        return "\u{1B}[\(code)m\(status.rawValue)\u{1B}[0m"
    }
}
