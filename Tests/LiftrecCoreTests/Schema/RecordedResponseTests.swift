import Testing
@testable import LiftrecCore

@Suite struct RecordedResponseTests {
    private let irSchema: JSONValue = {
        guard case .object(let suite) = fixture("provider-suite.json"), let ir = suite["schemas"]?["ir"] else {
            preconditionFailure("provider-suite.json has no ir schema")
        }
        return ir
    }()

    private func response(_ key: String) -> JSONValue {
        guard let value = fixture("modal_responses.json")[key]?["response"] else {
            preconditionFailure("modal_responses.json has no \(key)")
        }
        return value
    }

    @Test func qwenReplyWithExtraConstraintsMemberFailsAtThatMember() throws {
        let schema = try CompiledSchema(irSchema)
        let found = schema.validate(response("simple_ir_add_function"))
        #expect(found.map(\.description)
            == [#"/constraints: property "constraints" is not allowed (additionalProperties is false)"#])
        #expect(found.first?.pointer == JSONPointer(tokens: ["constraints"]))
    }

    @Test func qwenWarmupReplyIsValidIR() throws {
        #expect(try CompiledSchema(irSchema).validate(response("warmup_basic_function")) == [])
    }

    @Test func irSignatureNamePatternAndHoles() throws {
        let schema = try CompiledSchema(irSchema)
        let instance = json(#"""
        {"intent": {"summary": "short"},
         "signature": {"name": "Add", "parameters": [{"name": "a", "type_hint": "int", "extra": 1}],
                       "holes": [{"identifier": "h", "type_hint": "str", "kind": "other", "constraints": {"k": 1}}]}}
        """#)
        #expect(schema.validate(instance).map(\.description) == [
            #"/intent/summary: "short" is shorter than minLength 10 (5 characters)"#,
            #"/signature/name: "Add" does not match ^[a-z_][a-z0-9_]*$"#,
            #"/signature/parameters/0/extra: property "extra" is not allowed (additionalProperties is false)"#,
            #"/signature/holes/0/kind: "other" is not one of ["intent", "signature", "effect", "assertion", "implementation"]"#,
            "/signature/holes/0/constraints/k: expected string, found number 1",
        ])
    }
}
