import Testing
@testable import LiftrecCore

@Suite struct RouteTests {
    /// One request line and what the single route matcher makes of it.
    struct Row: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        var host: String?
        let protocolName: String?
        let purpose: Route.Purpose?

        var testDescription: String { "\(method) \(host ?? "")\(path)" }
    }

    static let rows = [
        Row(method: "POST", path: "/generate", protocolName: "modal", purpose: .generate),
        Row(method: "POST", path: "/api/generate", protocolName: "modal", purpose: .generate),
        Row(method: "POST", path: "/", host: "ws--generate.modal.run", protocolName: "modal", purpose: .generate),
        Row(method: "GET", path: "/", host: "ws--health.modal.run", protocolName: "modal", purpose: .health),
        Row(method: "GET", path: "/", host: "ws--warmup.modal.run", protocolName: "modal", purpose: .warmup),
        Row(method: "GET", path: "/health", protocolName: "modal", purpose: .health),
        Row(method: "GET", path: "/warmup", protocolName: "modal", purpose: .warmup),
        Row(method: "POST", path: "/v1/chat/completions", protocolName: "openai-chat", purpose: .generate),
        Row(method: "POST", path: "/chat/completions", protocolName: "openai-chat", purpose: .generate),
        Row(method: "GET", path: "/v1/models", protocolName: "openai-chat", purpose: .health),
        Row(method: "POST", path: "/v1/messages", protocolName: "anthropic-messages", purpose: .generate),
        Row(method: "POST", path: "/v1/embeddings", protocolName: nil, purpose: nil),
        Row(method: "POST", path: "/v1/messages/count_tokens", protocolName: nil, purpose: nil),
    ]

    @Test(arguments: rows)
    func oneMatcherNamesTheProtocolAndPurpose(_ row: Row) {
        let route = WireProtocols.route(method: row.method, path: row.path, host: row.host)
        #expect(route?.wireProtocol.name == row.protocolName)
        #expect(route?.purpose == row.purpose)
    }

    @Test func unknownPathsTakeTheShapeOfTheProtocolTheyResemble() {
        #expect(WireProtocols.owner(ofUnknownPath: "/v1/embeddings").name == "openai-chat")
        #expect(WireProtocols.owner(ofUnknownPath: "/v1/messages/count_tokens").name == "anthropic-messages")
        #expect(WireProtocols.owner(ofUnknownPath: "/nothing").name == "modal")
    }
}
