/// The wire protocols liftrec speaks, by the name a suite gives in `"protocol"`.
public enum WireProtocols {
    /// Every protocol, the default first.
    public static let all: [any WireProtocol] = [ModalProtocol(), OpenAIChatProtocol(), AnthropicMessagesProtocol()]

    /// The protocol of a suite that names none.
    public static var standard: any WireProtocol { all[0] }

    /// The protocol whose generate requests end in `path`, or the default for any other path.
    public static func receiving(path: String) -> any WireProtocol {
        all.first { $0.requestPaths.contains { path.hasSuffix($0) } } ?? standard
    }

    /// The protocol whose health check ends in `path`, if any.
    public static func checkingHealth(path: String) -> (any WireProtocol)? {
        all.first { $0.healthPaths.contains { path.hasSuffix($0) } }
    }

    /// The protocol called `name`, or nil when liftrec does not speak it.
    public static func named(_ name: String) -> (any WireProtocol)? {
        all.first { $0.name == name }
    }
}
