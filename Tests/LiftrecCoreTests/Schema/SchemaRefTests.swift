import Testing
@testable import LiftrecCore

@Suite struct SchemaRefTests {
    @Test func refToDefinitionsAndDefs() throws {
        let draft07 = ##"{"definitions": {"Name": {"type": "string"}}, "properties": {"n": {"$ref": "#/definitions/Name"}}}"##
        #expect(try violations(draft07, ##"{"n": "x"}"##) == [])
        #expect(try violations(draft07, ##"{"n": 1}"##) == ["/n: expected string, found number 1"])
        let current = ##"{"$defs": {"Name": {"type": "string"}}, "items": {"$ref": "#/$defs/Name"}}"##
        #expect(try violations(current, ##"["a", null]"##) == ["/1: expected string, found null"])
        #expect(try violations(current, ##"[true]"##) == ["/0: expected string, found boolean true"])
    }

    @Test func refToAnyPointerIncludingEscapedNames() throws {
        let schema = #"""
        {"properties": {"a/b": {"minimum": 3}, "x y": {"type": "null"}},
         "items": [{"$ref": "#/properties/a~1b"}, {"$ref": "#/properties/x%20y"}]}
        """#
        #expect(try violations(schema, "[1, 0]") == ["/0: 1 is less than minimum 3", "/1: expected null, found number 0"])
    }

    @Test func refAppliesAlongsideSiblingKeywords() throws {
        let schema = ##"{"$defs": {"S": {"type": "string"}}, "$ref": "#/$defs/S", "maxLength": 2}"##
        #expect(try violations(schema, #""abc""#) == [#"(root): "abc" is longer than maxLength 2 (3 characters)"#])
        #expect(try violations(schema, "1") == ["(root): expected string, found number 1"])
    }

    @Test func rootRefRecursionValidatesATree() throws {
        let tree = #"""
        {"type": "object", "required": ["name"],
         "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
         "additionalProperties": false}
        """#
        #expect(try violations(tree, ##"{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}"##) == [])
        #expect(try violations(tree, ##"{"name": "a", "children": [{"name": "b", "children": [{"nom": "c"}]}]}"##) == [
            #"/children/0/children/0: required property "name" is missing"#,
            #"/children/0/children/0/nom: property "nom" is not allowed (additionalProperties is false)"#,
        ])
    }

    @Test func mutualRecursionThroughDefinitions() throws {
        let schema = #"""
        {"$ref": "#/definitions/A",
         "definitions": {"A": {"type": "array", "items": {"$ref": "#/definitions/B"}},
                         "B": {"anyOf": [{"type": "integer"}, {"$ref": "#/definitions/A"}]}}}
        """#
        #expect(try violations(schema, "[1, [2, [3]], []]") == [])
        let found = try violations(schema, ##"[1, [2, ["x"]]]"##)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("/1: matches none of the 2 alternatives in anyOf; closest is #1: /1/1: matches none") == true)
        #expect(found.first?.hasSuffix(##"closest is #0: /1/1/0: expected integer, found string "x""##) == true)
    }

    @Test func deepInstanceStopsAtTheDepthLimitInsteadOfOverflowing() throws {
        let schema = try CompiledSchema(json(##"{"items": {"$ref": "#"}}"##))
        var deep = JSONValue.array([])
        for _ in 0..<10_000 { deep = .array([deep]) }
        let found = schema.validate(deep)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("validation stopped: nesting deeper than \(SchemaEvaluator.maxDepth) levels") == true)
        // Each array level costs two applications here: `items`, then the `$ref` back to the root.
        #expect(found.first?.pointer.tokens.count == SchemaEvaluator.maxDepth / 2)

        var shallow = JSONValue.array([])
        for _ in 0..<100 { shallow = .array([shallow]) }
        #expect(schema.validate(shallow) == [])
    }

    @Test func exponentialBranchingStopsAtTheEvaluationBudget() throws {
        // Every level tries both alternatives, so a 40-deep array would need 2^40 evaluations.
        let schema = json(##"{"anyOf": [{"items": {"$ref": "#"}}, {"items": {"$ref": "#"}, "minItems": 1}], "not": {"type": "null"}}"##)
        var deep = JSONValue.null
        for _ in 0..<40 { deep = .array([deep]) }
        var evaluator = SchemaEvaluator(nodes: try SchemaCompiler.compile(schema), limit: 100, evaluationBudget: 50_000)
        let found = evaluator.validate(deep)
        #expect(found.last?.message.hasPrefix("validation stopped: more than 50000 schema evaluations") == true)
    }

    @Test(arguments: [
        (##"{"$ref": "#"}"##, "", "#"),
        (##"{"allOf": [{"$ref": "#"}]}"##, "/allOf/0", "#"),
        (##"{"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}"##, "/anyOf/0", "#"),
        (##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"not": {"$ref": "#/$defs/a"}}}}"##, "/$defs/a", "#/$defs/b"),
    ])
    func refCycleWithoutDescendingIsACompileError(schema: String, location: String, ref: String) throws {
        let error = try #require(compileError(schema))
        #expect(error.problem == .refCycle(ref))
        #expect(error.location.description == location)
        #expect(error.description.contains("leads back here without descending into the instance"))
    }
}
