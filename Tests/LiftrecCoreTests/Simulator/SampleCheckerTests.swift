import Testing
@testable import LiftrecCore

@Suite struct SampleCheckerTests {
    private static let document = json(##"""
        {"definitions": {"id": {"type": "integer", "minimum": 1}},
         "properties": {"item": {"properties": {"id": {"$ref": "#/definitions/id"}}, "required": ["id"]}}}
        """##)

    private func location(_ pointer: String) throws -> SampleShape.Location {
        let parsed = try #require(JSONPointer(parsing: pointer))
        return SampleShape.Location(pointer: parsed, schema: try #require(parsed.resolve(in: Self.document)))
    }

    @Test func subschemasAreCheckedWithRefsResolvedAgainstTheWholeDocument() throws {
        var checker = SampleChecker(document: Self.document)
        let item = try location("#/properties/item")
        let identifier = try location("#/definitions/id")
        let results = [
            checker.passes(json(#"{"id": 3}"#), [item]),
            checker.passes(json(#"{"id": 0}"#), [item]),
            checker.passes(json("{}"), [item]),
            checker.passes(json(#"{"id": 3}"#), [item, identifier]),
            checker.passes(json("3"), [identifier]),
        ]
        #expect(results == [true, false, false, false, true], "every location must pass, refs resolve from the root")
    }

    @Test func aSubschemaThatDoesNotCompileCountsAsPassed() throws {
        let document = json(#"{"properties": {"bad": {"type": "strng"}}}"#)
        var checker = SampleChecker(document: document)
        let bad = SampleShape.Location(pointer: JSONPointer(tokens: ["properties", "bad"]), schema: json(#"{"type": "strng"}"#))
        let passed = checker.passes(.null, [bad])
        #expect(passed)
    }

    @Test func compilingAtAPointerToNothingFails() {
        let error = #expect(throws: SchemaError.self) { try CompiledSchema(json("{}"), at: JSONPointer(tokens: ["missing"])) }
        #expect(error?.location == JSONPointer(tokens: ["missing"]))
        #expect(error?.description == ##"schema error at #/missing: $ref "#/missing" points at nothing in this schema; check the path under #/definitions or #/$defs"##)
    }
}
