import Testing
@testable import LiftrecCore

@Suite struct OpenAIResponsesProtocolTests {
    private let responses = OpenAIResponsesProtocol()

    private static func object(_ text: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
    }

    @Test func textFunctionCallsAndIncompleteAreReadFromTheOutputItems() throws {
        let reply = try Self.object(#"""
            {"id": "r", "object": "response", "status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"},
             "output": [{"type": "message", "id": "m", "role": "assistant", "content": [{"type": "output_text", "text": "Hel"}, {"type": "output_text", "text": "lo"}]},
                        {"type": "function_call", "id": "f", "call_id": "c", "name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"}],
             "usage": {"input_tokens": 3, "output_tokens": 5}}
            """#)
        let reading = responses.read(reply)
        #expect(reading.choices.first?.text == "Hello")
        #expect(reading.choices.first?.toolCalls.map(\.name) == ["get_weather"])
        #expect(reading.finishReason.map(responses.isTruncation) == true)
        #expect(reading.tokensUsed == JSONNumber(5))
        #expect(responses.read(try Self.object(#"{"error": {"message": "bad"}}"#)).error == "bad")
    }

    @Test func aReplyMadeIntoTypedEventsAssemblesBackToItself() throws {
        let request = SimulatedRequest()
        for output in [SimulatedRequest.Output.text, .toolCall("get_weather")] {
            var asked = request
            asked.output = output
            let reply = responses.simulatedReply(.answer(.string("x"), text: #"{"city": "Oslo, a long enough text to cut"}"#, tokens: 9), to: asked, generationMs: JSONNumber(0)).body
            let events = try #require(responses.streamEvents(of: reply))
            #expect(events.first?.name == "response.created" && events.last?.name == "response.completed")
            #expect(responses.assembleStream(events) == reply)
            #expect(responses.assembleStream(Array(events.dropLast())) == nil)
        }
    }

    @Test func textFormatIsStructuredOutputAndTheShorthandBuildsOnlyWhatItNames() throws {
        let schema = JSONValue.object(JSONObject([("type", .string("object"))]))
        let body = responses.request(shorthand: JSONObject([("prompt", .string("Hi")), ("system", .string("Be terse.")), ("schema", schema)]), model: "m")
        #expect(body.keys.sorted() == ["input", "instructions", "model", "text"])
        let demand = responses.outputDemand(body)
        #expect(demand.json && demand.schema == schema)
        #expect(try responses.fingerprint(incoming: body).members?.map(\.name) == ["input", "instructions", "model", "text"])
        #expect(try responses.fingerprint(incoming: body) != OpenAIChatProtocol().fingerprint(incoming: body))
    }
}
