import Testing
@testable import LiftrecCore

@Suite struct ReplyVerdictTests {
    /// The cases of a chat suite written as `cases`.
    private static func cases(_ cases: String, protocolName: String = "openai-chat") throws -> [SuiteCase] {
        let project = try TestProject(suites: [
            "s": #"{"format": "liftrec-suite/1", "name": "s", "protocol": "\#(protocolName)", "model": "m", "cases": \#(cases)}"#,
        ])
        return try #require(try project.workspace().selected.first).cases
    }

    private static func reply(_ text: String) throws -> EndpointOutcome {
        .reply(try #require(try JSONParser.parse(Array(text.utf8)).objectValue))
    }

    private static let weather = #"""
        [{"key": "w", "prompt": "Weather?", "tool_choice": "required", "tools": [{"type": "function", "function": {"name": "get_weather",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]}]
        """#

    @Test func aToolCallWhoseArgumentsBreakTheToolsSchemaIsRefusedNamingTheTool() throws {
        let suiteCase = try #require(try Self.cases(Self.weather).first)
        let bad = try Self.reply(#"{"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": 7}"}}]}}]}"#)
        guard case .reject(let kind, let message, let pointer) = ReplyVerdict(bad, for: suiteCase) else {
            Issue.record("a tool call breaking its schema was accepted")
            return
        }
        #expect(kind == .schema)
        #expect(message.contains(#"tool "get_weather""#))
        #expect(pointer == "/0/arguments/city")
        let good = try Self.reply(#"{"choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"}}]}}]}"#)
        guard case .accept(let accepted) = ReplyVerdict(good, for: suiteCase) else {
            Issue.record("a valid tool call was refused")
            return
        }
        #expect(accepted.kind == .toolCalls)
        #expect(accepted.response == .array([.object(JSONObject([("name", .string("get_weather")), ("arguments", .object(JSONObject([("city", .string("Oslo"))])))]))]))
    }

    @Test func anUndeclaredToolUnparsableArgumentsAndAnEmptyTextAreRefused() throws {
        let suiteCase = try #require(try Self.cases(Self.weather).first)
        let undeclared = try Self.reply(#"{"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [{"function": {"name": "rm_rf", "arguments": "{}"}}]}}]}"#)
        guard case .reject(_, let message, _) = ReplyVerdict(undeclared, for: suiteCase) else { Issue.record("accepted"); return }
        #expect(message.contains(#""rm_rf", which the request does not declare"#))
        let broken = try Self.reply(#"{"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [{"function": {"name": "get_weather", "arguments": "{\"city\":"}}]}}]}"#)
        guard case .reject(_, let text, _) = ReplyVerdict(broken, for: suiteCase) else { Issue.record("accepted"); return }
        #expect(text.contains("are not JSON"))
        let plain = try #require(try Self.cases(#"[{"key": "t", "prompt": "Hi"}]"#).first)
        let empty = try Self.reply(#"{"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": ""}}]}"#)
        guard case .reject(_, let emptyText, _) = ReplyVerdict(empty, for: plain) else { Issue.record("accepted"); return }
        #expect(emptyText.contains("the reply is empty"))
    }

    @Test func textWithToolCallsGivesBothAndNChoicesGiveAList() throws {
        let suiteCase = try #require(try Self.cases(#"[{"key": "n", "request": {"model": "m", "n": 2, "messages": [{"role": "user", "content": "Hi"}]}}]"#).first)
        let two = try Self.reply(#"{"choices": [{"index": 0, "message": {"content": "a"}}, {"index": 1, "message": {"content": "b"}}]}"#)
        guard case .accept(let accepted) = ReplyVerdict(two, for: suiteCase) else { Issue.record("refused"); return }
        #expect(accepted.response == .array([.string("a"), .string("b")]))
        let weather = try #require(try Self.cases(Self.weather).first)
        let both = try Self.reply(#"{"choices": [{"index": 0, "message": {"content": "Looking.", "tool_calls": [{"function": {"name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"}}]}}]}"#)
        guard case .accept(let mixed) = ReplyVerdict(both, for: weather) else { Issue.record("refused"); return }
        #expect(mixed.kind == .textAndToolCalls)
        #expect(mixed.response["text"] == .string("Looking."))
    }
}
