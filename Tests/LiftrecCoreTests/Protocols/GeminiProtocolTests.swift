import Testing
@testable import LiftrecCore

@Suite struct GeminiProtocolTests {
    private let gemini = GeminiProtocol()

    private static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    private func fingerprint(_ text: String, model: String = "gemini-2.5-flash") throws -> RequestFingerprint {
        var route = Route(gemini, .generate)
        route.model = model
        return try gemini.fingerprint(incoming: JSONValue.object(try Self.object(text)), route: route)
    }

    @Test func theRouteNamesTheModelAndTheStreamUnderBothVersions() throws {
        for path in ["/v1beta/models/gemini-1.5-pro:generateContent", "/v1/models/gemini-1.5-pro:streamGenerateContent"] {
            let route = try #require(WireProtocols.route(method: "POST", path: path))
            #expect(route.wireProtocol.name == "gemini" && route.purpose == .generate && route.model == "gemini-1.5-pro")
            #expect(route.streams == path.hasSuffix("streamGenerateContent"))
        }
        #expect(WireProtocols.route(method: "GET", path: "/v1beta/models")?.wireProtocol.name == "gemini")
        #expect(WireProtocols.route(method: "GET", path: "/v1/models")?.wireProtocol.name == "openai-chat")
    }

    @Test func snakeCaseAndUpperCaseTypesAreTheSameRequestButTheModelAndUserDataAreNot() throws {
        let camel = try fingerprint(#"{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"maxOutputTokens": 9, "responseSchema": {"type": "object", "properties": {"first_name": {"type": "string"}}}}}"#)
        let snake = try fingerprint(#"{"contents": [{"parts": [{"text": "Hi"}]}], "generation_config": {"max_output_tokens": 9, "response_schema": {"type": "OBJECT", "properties": {"first_name": {"type": "STRING"}}}}}"#)
        #expect(camel == snake)
        let renamed = try fingerprint(#"{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"maxOutputTokens": 9, "responseSchema": {"type": "object", "properties": {"firstName": {"type": "string"}}}}}"#)
        #expect(renamed != camel)
        #expect(try fingerprint(#"{"contents": [{"parts": [{"text": "Hi"}]}], "generationConfig": {"maxOutputTokens": 9, "responseSchema": {"type": "object", "properties": {"first_name": {"type": "string"}}}}}"#, model: "gemini-1.5-pro") != camel)
    }

    @Test func functionCallsTextAndBlocksAreReadAndMaxTokensIsTruncation() throws {
        let reply = try Self.object(#"{"candidates": [{"content": {"parts": [{"text": "Sure."}, {"functionCall": {"name": "get_weather", "args": {"city": "Oslo"}}}]}, "finishReason": "MAX_TOKENS"}], "usageMetadata": {"candidatesTokenCount": 4}}"#)
        let reading = gemini.read(reply)
        #expect(reading.choices.first?.text == "Sure.")
        #expect(reading.choices.first?.toolCalls.first?.arguments == .object(JSONObject([("city", .string("Oslo"))])))
        #expect(reading.finishReason.map(gemini.isTruncation) == true)
        #expect(gemini.read(try Self.object(#"{"candidates": [{"finishReason": "SAFETY"}]}"#)).error == "the answer was blocked (SAFETY)")
        #expect(gemini.read(try Self.object(#"{"error": {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}}"#)).error == "bad")
    }

    @Test func aReplyMadeIntoChunksAssemblesBackAndAStreamWithoutAFinishReasonIsIncomplete() throws {
        var request = SimulatedRequest()
        request.output = .text
        let reply = gemini.simulatedReply(.answer(.string("x"), text: "A reply long enough to be cut into several pieces.", tokens: 9), to: request, generationMs: JSONNumber(0)).body
        let events = try #require(gemini.streamEvents(of: reply))
        #expect(events.count > 1 && events.allSatisfy { $0.name == nil })
        let assembled = try #require(gemini.assembleStream(events))
        #expect(gemini.read(assembled).choices.first?.text == gemini.read(reply).choices.first?.text)
        #expect(gemini.assembleStream(Array(events.dropLast())) == nil)
    }

    @Test func theKeyComesFromGoogleAPIKeyThenGeminiAPIKeyAndThePlaceholderOnlyWhereNeitherIsSet() {
        #expect(gemini.authHeaders(["GEMINI_API_KEY": "g", "GOOGLE_API_KEY": "o"]).first?.value == "o")
        #expect(gemini.authHeaders(["GEMINI_API_KEY": "g"]).first?.value == "g")
        #expect(gemini.clientVariables(origin: "http://127.0.0.1:1", existing: [:])["GEMINI_API_KEY"] == ReplayUpstream.placeholderKey)
        #expect(gemini.clientVariables(origin: "http://127.0.0.1:1", existing: ["GOOGLE_API_KEY": "k"])["GEMINI_API_KEY"] == nil)
    }
}
