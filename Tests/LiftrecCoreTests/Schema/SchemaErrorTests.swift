import Testing
@testable import LiftrecCore

@Suite struct SchemaErrorTests {
    @Test func remoteRefIsRefusedWithTheRefQuoted() throws {
        let error = try #require(compileError(##"{"properties": {"a": {"$ref": "http://example.com/s.json#/x"}}}"##))
        #expect(error.problem == .remoteRef("http://example.com/s.json#/x"))
        #expect(error.location.description == "/properties/a/$ref")
        #expect(error.description.hasPrefix(
            #"schema error at #/properties/a/$ref: $ref "http://example.com/s.json#/x" is remote; only local refs (#/…) are supported"#))
        #expect(compileError(##"{"$ref": "other.json"}"##)?.problem == .remoteRef("other.json"))
    }

    @Test func unresolvableAndNonPointerRefs() {
        #expect(compileError(##"{"$ref": "#/definitions/Missing"}"##)?.problem == .unresolvableRef("#/definitions/Missing"))
        #expect(compileError(##"{"$ref": "#anchor"}"##)?.problem == .unsupportedRef("#anchor"))
        #expect(compileError(##"{"$ref": 5}"##)?.problem == .invalidKeyword("$ref", expected: "a string", found: "5"))
    }

    @Test func refToSomethingThatIsNotASchema() {
        let error = compileError(##"{"$ref": "#/x", "x": 3}"##)
        #expect(error?.problem == .notASchema(found: "3"))
        #expect(error?.location.description == "/x")
    }

    @Test(arguments: [
        (##"{"minLength": -1}"##, "minLength", "a non-negative integer", "-1"),
        (##"{"maxItems": 1.5}"##, "maxItems", "a non-negative integer", "1.5"),
        (##"{"minProperties": "2"}"##, "minProperties", "a non-negative integer", "\"2\""),
        (##"{"required": ["a", 1]}"##, "required", "an array of property names", "[\"a\",1]"),
        (##"{"properties": []}"##, "properties", "an object of schemas", "[]"),
        (##"{"anyOf": []}"##, "anyOf", "a non-empty array of schemas", "[]"),
        (##"{"enum": "a"}"##, "enum", "an array", "\"a\""),
        (##"{"minimum": "0"}"##, "minimum", "a number", "\"0\""),
        (##"{"multipleOf": 0}"##, "multipleOf", "a number greater than 0", "0"),
        (##"{"uniqueItems": 1}"##, "uniqueItems", "a boolean", "1"),
        (##"{"type": 3}"##, "type", "a type name or an array of type names", "3"),
        (##"{"prefixItems": [{}], "items": [{}]}"##, "items", "a schema when prefixItems is present", "[{}]"),
    ])
    func keywordOfTheWrongTypeNamesKeywordAndValue(schema: String, keyword: String, expected: String, found: String) throws {
        let error = try #require(compileError(schema))
        #expect(error.problem == .invalidKeyword(keyword, expected: expected, found: found))
        #expect(error.location.description == "/" + keyword)
        #expect(error.description == "schema error at #/\(keyword): \"\(keyword)\" must be \(expected), found \(found)")
    }

    @Test func wrongTypesInNestedSchemasAreLocated() {
        let error = compileError(##"{"properties": {"a": {"items": {"maxLength": -3}}}}"##)
        #expect(error?.location.description == "/properties/a/items/maxLength")
        #expect(compileError(##"{"properties": {"a": 7}}"##)?.location.description == "/properties/a")
        #expect(compileError(##"{"properties": {"a": 7}}"##)?.problem == .notASchema(found: "7"))
    }

    @Test func unknownTypeName() {
        #expect(compileError(##"{"type": ["string", "int"]}"##)?.problem == .unknownType("int"))
    }

    @Test func unusablePatternsNameThePatternAndTheConstruct() throws {
        let error = try #require(compileError(##"{"properties": {"a": {"pattern": "(?<=x)y"}}}"##))
        #expect(error.location.description == "/properties/a/pattern")
        #expect(error.description == #"schema error at #/properties/a/pattern: pattern "(?<=x)y" at offset 0: "#
            + "lookbehind (?<=…) is not supported by liftrec's regex engine; rewrite the pattern without it")
        let named = try #require(compileError(##"{"patternProperties": {"[z-a]": {}}}"##))
        #expect(named.location.description == "/patternProperties/[z-a]")
    }

    @Test func unusedDefinitionsAreNotCompiled() {
        #expect(compileError(##"{"definitions": {"Unused": {"minLength": -1}}}"##) == nil)
    }
}
