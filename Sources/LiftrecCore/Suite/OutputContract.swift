/// What a case's reply must hold and how its fixture's `response` is read from it: structured output
/// against its schema, every tool call's arguments against that tool's declared schema, and text that is not empty.
///
/// Modal's output is always structured: its reply carries the value itself, checked against the case's schema.
struct OutputContract: Sendable {
    /// The schema structured output must follow; nil when the request names none.
    var schema: CompiledSchema?
    /// True when the request asks for JSON (a schema, or `json_object`): the text must parse.
    var json = false
    /// The declared tools' argument schemas, by name.
    var tools: [String: CompiledSchema] = [:]
    /// The tool whose input is the structured output (Anthropic's forced tool), checked against `schema`.
    var outputTool: String?
    /// How many choices the request asks for (`n`); above 1 the response is a list, one per choice.
    var choices = 1

    /// A contract asking for nothing yet: text.
    init() {}

    /// Modal's contract: structured output against `schema`.
    init(modal schema: CompiledSchema) {
        self.schema = schema
        json = true
    }

    /// The fixture's `response`, its kind, and every way the reply fails the contract.
    struct Reading: Sendable {
        /// What a test reads.
        var response: JSONValue
        /// The kind of output, for chat protocols.
        var kind: OutputKind?
        /// Every way the output fails, pointers into `response`.
        var violations: [SchemaViolation]
    }

    /// Reads a reply's output as the fixture's response and checks it.
    func read(_ reading: ReplyReading) -> Reading {
        guard !reading.choices.isEmpty else {
            let response = reading.output ?? .null
            return Reading(response: response, kind: nil, violations: schema?.validate(response) ?? [])
        }
        let read = reading.choices.map(read)
        guard read.count > 1 || choices > 1 else { return read[0] }
        return Reading(
            response: .array(read.map(\.response)), kind: read.first?.kind,
            violations: read.enumerated().flatMap { index, one in Self.prefixed(one.violations, [String(index)]) }
        )
    }

    /// Every way a stored `response` of `kind` fails the contract (kind nil: Modal, or a fixture that predates kinds).
    func violations(_ response: JSONElement, kind: OutputKind?) -> [SchemaViolation] {
        guard kind == nil && json && tools.isEmpty && outputTool == nil && choices == 1 else {
            return violations(response.value, kind: kind)
        }
        guard let schema else { return [] }
        return schema.validate(response)
    }

    private func violations(_ response: JSONValue, kind: OutputKind?) -> [SchemaViolation] {
        if choices > 1 {
            guard let items = response.arrayValue else { return [SchemaViolation(pointer: .root, message: "must be a list, one response per choice (n = \(choices))")] }
            return items.enumerated().flatMap { index, item in Self.prefixed(violations(item, kind: kind), [String(index)]) }
        }
        switch kind ?? inferredKind(of: response) {
        case .structured:
            return schema?.validate(response) ?? []
        case .text:
            guard let text = response.stringValue else { return [SchemaViolation(pointer: .root, message: "text output must be a string")] }
            return text.isEmpty ? [SchemaViolation(pointer: .root, message: "the reply is empty")] : []
        case .toolCalls:
            return callViolations(response)
        case .textAndToolCalls:
            return callViolations(response["tool_calls"] ?? .null).map { SchemaViolation(pointer: JSONPointer(tokens: ["tool_calls"] + $0.pointer.tokens), message: $0.message) }
        }
    }

    private func inferredKind(of response: JSONValue) -> OutputKind {
        if json || outputTool != nil { return .structured }
        if response.stringValue != nil { return .text }
        return response["tool_calls"] != nil ? .textAndToolCalls : .toolCalls
    }

    private func callViolations(_ calls: JSONValue) -> [SchemaViolation] {
        guard let items = calls.arrayValue, !items.isEmpty else { return [SchemaViolation(pointer: .root, message: "tool calls must be a non-empty list")] }
        return items.enumerated().flatMap { index, call in
            check(name: call["name"]?.stringValue ?? "", arguments: call["arguments"] ?? .null, argumentsText: nil, at: [String(index)])
        }
    }

    // The arguments of one call of tool `name` against its declared schema; `argumentsText` is set when they did not parse.
    private func check(name: String, arguments: JSONValue, argumentsText: String?, at prefix: [String]) -> [SchemaViolation] {
        guard let declared = tools[name] else {
            let names = tools.keys.sorted().map(quoted).joined(separator: ", ")
            return [SchemaViolation(pointer: JSONPointer(tokens: prefix + ["name"]), message: "calls \(quoted(name)), which the request does not declare (it declares \(names.isEmpty ? "no tools" : names))")]
        }
        if let argumentsText {
            return [SchemaViolation(pointer: JSONPointer(tokens: prefix + ["arguments"]), message: "the arguments of \(quoted(name)) are not JSON: \(quoted(String(argumentsText.prefix(80))))")]
        }
        return Self.prefixed(declared.validate(arguments), prefix + ["arguments"]).map {
            SchemaViolation(pointer: $0.pointer, message: "tool \(quoted(name)): \($0.message)")
        }
    }

    private func read(_ choice: ReplyChoice) -> Reading {
        if let outputTool, let call = choice.toolCalls.first(where: { $0.name == outputTool }) {
            let value = call.arguments ?? .string(call.argumentsText)
            let violations = call.arguments == nil
                ? [SchemaViolation(pointer: .root, message: "the forced tool's input is not JSON")] : schema?.validate(value) ?? []
            return Reading(response: value, kind: .structured, violations: violations)
        }
        if !choice.toolCalls.isEmpty {
            var calls: [JSONValue] = []
            var violations: [SchemaViolation] = []
            for (index, call) in choice.toolCalls.enumerated() {
                calls.append(.object(JSONObject([("name", .string(call.name)), ("arguments", call.arguments ?? .string(call.argumentsText))])))
                violations += check(name: call.name, arguments: call.arguments ?? .null, argumentsText: call.arguments == nil ? call.argumentsText : nil, at: [String(index)])
            }
            guard let text = choice.text, !text.isEmpty else { return Reading(response: .array(calls), kind: .toolCalls, violations: violations) }
            return Reading(
                response: .object(JSONObject([("text", .string(text)), ("tool_calls", .array(calls))])), kind: .textAndToolCalls,
                violations: Self.prefixed(violations, ["tool_calls"])
            )
        }
        let text = choice.text ?? ""
        guard json || schema != nil else {
            return Reading(response: .string(text), kind: .text, violations: text.isEmpty ? [SchemaViolation(pointer: .root, message: "the reply is empty")] : [])
        }
        guard let value = try? JSONParser.parse(Array(text.utf8)) else {
            let shown = text.isEmpty ? "the reply is empty" : "the output is not JSON: \(quoted(String(text.prefix(80))))"
            return Reading(response: .string(text), kind: .structured, violations: [SchemaViolation(pointer: .root, message: shown)])
        }
        return Reading(response: value, kind: .structured, violations: schema?.validate(value) ?? [])
    }

    private static func prefixed(_ violations: [SchemaViolation], _ prefix: [String]) -> [SchemaViolation] {
        violations.map { SchemaViolation(pointer: JSONPointer(tokens: prefix + $0.pointer.tokens), message: $0.message) }
    }
}
