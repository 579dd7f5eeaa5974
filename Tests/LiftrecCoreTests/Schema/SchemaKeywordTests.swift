import Testing
@testable import LiftrecCore

@Suite struct SchemaKeywordTests {
    @Test func typeNamesAndLists() throws {
        #expect(try violations(#"{"type": "string"}"#, #""x""#) == [])
        #expect(try violations(#"{"type": "string"}"#, "42") == ["(root): expected string, found number 42"])
        #expect(try violations(#"{"type": ["string", "null"]}"#, "null") == [])
        #expect(try violations(#"{"type": ["null", "string"]}"#, "[1]") == ["(root): expected string or null, found array"])
        #expect(try violations(#"{"type": "object"}"#, "true") == ["(root): expected object, found boolean true"])
    }

    @Test func integerAcceptsIntegralNumbersWhateverTheirSpelling() throws {
        let schema = #"{"type": "integer"}"#
        for text in ["1", "1.0", "1e2", "-0", "2.50e1"] {
            #expect(try violations(schema, text) == [], "\(text)")
        }
        #expect(try violations(schema, "1.5") == ["(root): expected integer, found number 1.5"])
        #expect(try violations(#"{"type": "number"}"#, "1.5") == [])
    }

    @Test func enumAndConstCompareNumbersByValueAndObjectsByMembers() throws {
        #expect(try violations(#"{"enum": [1, "a", {"x": 1, "y": [true]}]}"#, "1.0") == [])
        #expect(try violations(#"{"enum": [1, "a", {"x": 1, "y": [true]}]}"#, #"{"y": [true], "x": 1e0}"#) == [])
        #expect(try violations(#"{"enum": ["intent", "signature"]}"#, #""effect""#)
            == [#"(root): "effect" is not one of ["intent", "signature"]"#])
        #expect(try violations(#"{"const": null}"#, "null") == [])
        #expect(try violations(#"{"const": null}"#, "0") == ["(root): must be null (const), found 0"])
        #expect(try violations(#"{"const": {"a": [1, 2]}}"#, #"{"a": [2, 1]}"#)
            == [#"(root): must be {"a":[1,2]} (const), found {"a":[2,1]}"#])
    }

    @Test func aRepeatedNameIsCheckedOnceWithItsLastValueAsPythonReadsIt() throws {
        let schema = #"{"properties": {"a": {"type": "string"}}, "maxProperties": 1, "additionalProperties": false}"#
        #expect(try violations(schema, #"{"a": 1, "a": "x"}"#) == [])
        #expect(try violations(schema, #"{"a": "x", "b": 2, "a": 3}"#) == [
            "(root): has 2 properties, more than maxProperties 1",
            "/a: expected string, found number 3",
            #"/b: property "b" is not allowed (additionalProperties is false)"#,
        ])
    }

    @Test func propertiesApplyToTheirMembersWithPointers() throws {
        let schema = #"{"properties": {"name": {"type": "string"}, "a/b": {"type": "number"}}}"#
        #expect(try violations(schema, #"{"name": "x", "other": 1}"#) == [])
        #expect(try violations(schema, #"{"name": 5, "a/b": "s"}"#)
            == ["/name: expected string, found number 5", #"/a~1b: expected number, found string "s""#])
    }

    @Test func requiredNamesEachMissingProperty() throws {
        let schema = #"{"required": ["intent", "signature"]}"#
        #expect(try violations(schema, #"{"intent": 1, "signature": 2}"#) == [])
        #expect(try violations(schema, #"{"intent": 1}"#) == [#"(root): required property "signature" is missing"#])
        #expect(try violations(schema, "[]") == [], "required ignores non-objects")
    }

    @Test func additionalPropertiesFalsePointsAtTheExtraMember() throws {
        let schema = #"{"properties": {"a": {}}, "patternProperties": {"^x_": {}}, "additionalProperties": false}"#
        #expect(try violations(schema, #"{"a": 1, "x_1": 2}"#) == [])
        #expect(try violations(schema, #"{"a": 1, "b": 2}"#)
            == [#"/b: property "b" is not allowed (additionalProperties is false)"#])
    }

    @Test func additionalPropertiesSchemaValidatesTheRest() throws {
        let schema = #"{"properties": {"a": {}}, "additionalProperties": {"type": "string"}}"#
        #expect(try violations(schema, #"{"a": 1, "b": "ok"}"#) == [])
        #expect(try violations(schema, #"{"a": 1, "b": 2}"#) == ["/b: expected string, found number 2"])
    }

    @Test func patternPropertiesApplyToEveryMatchingName() throws {
        let schema = #"{"patternProperties": {"^n_": {"type": "number"}, "_id$": {"minimum": 10}}}"#
        #expect(try violations(schema, #"{"n_id": 12, "other": "x"}"#) == [])
        #expect(try violations(schema, #"{"n_id": 3}"#) == ["/n_id: 3 is less than minimum 10"])
        #expect(try violations(schema, #"{"n_x": "s"}"#) == [#"/n_x: expected number, found string "s""#])
    }

    @Test func propertyNamesExplainsTheBadName() throws {
        let schema = #"{"propertyNames": {"pattern": "^[a-z]+$", "maxLength": 5}}"#
        #expect(try violations(schema, #"{"abc": 1}"#) == [])
        #expect(try violations(schema, #"{"Abc": 1}"#)
            == [#"/Abc: property name "Abc" is invalid: "Abc" does not match ^[a-z]+$"#])
    }

    @Test func minAndMaxProperties() throws {
        let schema = #"{"minProperties": 1, "maxProperties": 2}"#
        #expect(try violations(schema, #"{"a": 1}"#) == [])
        #expect(try violations(schema, "{}") == ["(root): has 0 properties, fewer than minProperties 1"])
        #expect(try violations(schema, #"{"a": 1, "b": 2, "c": 3}"#) == ["(root): has 3 properties, more than maxProperties 2"])
    }

    @Test func dependentRequired() throws {
        let schema = #"{"dependentRequired": {"card": ["billing"]}}"#
        #expect(try violations(schema, #"{"card": 1, "billing": 2}"#) == [])
        #expect(try violations(schema, #"{"other": 1}"#) == [])
        #expect(try violations(schema, #"{"card": 1}"#)
            == [#"(root): property "billing" is required when "card" is present"#])
    }

    @Test func itemsSchemaAppliesToEveryItem() throws {
        let schema = #"{"items": {"type": "integer"}}"#
        #expect(try violations(schema, "[1, 2, 3]") == [])
        #expect(try violations(schema, #"[1, "two", 3.5]"#)
            == [#"/1: expected integer, found string "two""#, "/2: expected integer, found number 3.5"])
    }

    @Test func draft07TupleItemsWithAdditionalItems() throws {
        let schema = #"{"items": [{"type": "string"}, {"type": "number"}], "additionalItems": false}"#
        #expect(try violations(schema, #"["a", 1]"#) == [])
        #expect(try violations(schema, #"["a"]"#) == [])
        #expect(try violations(schema, #"[1, 1]"#) == ["/0: expected string, found number 1"])
        #expect(try violations(schema, #"["a", 1, null]"#)
            == ["/2: item is not allowed (additionalItems is false; only 2 items are allowed)"])
        let typed = #"{"items": [{"type": "string"}], "additionalItems": {"type": "boolean"}}"#
        #expect(try violations(typed, #"["a", true, 3]"#) == ["/2: expected boolean, found number 3"])
    }

    @Test func prefixItemsWithItemsIn2020Spelling() throws {
        let schema = #"{"prefixItems": [{"const": "op"}], "items": {"type": "number"}, "additionalItems": false}"#
        #expect(try violations(schema, #"["op", 1, 2]"#) == [], "additionalItems is ignored beside prefixItems")
        #expect(try violations(schema, #"["op", "x"]"#) == [#"/1: expected number, found string "x""#])
        let closed = #"{"prefixItems": [{}], "items": false}"#
        #expect(try violations(closed, "[1, 2]") == ["/1: item is not allowed (items is false; only 1 item is allowed)"])
    }

    @Test func containsMinItemsMaxItems() throws {
        #expect(try violations(#"{"contains": {"const": 3}}"#, "[1, 3]") == [])
        #expect(try violations(#"{"contains": {"const": 3}}"#, "[1, 2]")
            == [#"(root): no item matches the "contains" schema"#])
        let sized = #"{"minItems": 1, "maxItems": 2}"#
        #expect(try violations(sized, "[0]") == [])
        #expect(try violations(sized, "[]") == ["(root): has 0 items, fewer than minItems 1"])
        #expect(try violations(sized, "[1, 2, 3]") == ["(root): has 3 items, more than maxItems 2"])
    }

    @Test func uniqueItemsComparesByValue() throws {
        let schema = #"{"uniqueItems": true}"#
        #expect(try violations(schema, #"[1, "1", [1], {"a": 1}]"#) == [])
        #expect(try violations(schema, "[1, 2, 1.0]") == ["(root): items 0 and 2 are equal (uniqueItems is true)"])
        #expect(try violations(schema, #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#)
            == ["(root): items 0 and 1 are equal (uniqueItems is true)"])
        #expect(try violations(#"{"uniqueItems": false}"#, "[1, 1]") == [])
    }

    @Test func lengthsCountUnicodeScalars() throws {
        let schema = #"{"minLength": 2, "maxLength": 3}"#
        #expect(try violations(schema, #""é😀""#) == [])
        #expect(try violations(schema, #""😀""#) == [#"(root): "😀" is shorter than minLength 2 (1 character)"#])
        #expect(try violations(schema, #""abcd""#) == [#"(root): "abcd" is longer than maxLength 3 (4 characters)"#])
    }

    @Test func patternIsUnanchoredSearch() throws {
        #expect(try violations(#"{"pattern": "b+"}"#, #""abba""#) == [])
        #expect(try violations(#"{"pattern": "^b+"}"#, #""abba""#) == [#"(root): "abba" does not match ^b+"#])
        #expect(try violations(#"{"pattern": "x"}"#, "12") == [], "pattern ignores non-strings")
    }

    @Test func patternTooExpensiveIsAViolationNotAHang() throws {
        let schema = try CompiledSchema(json(#"{"properties": {"s": {"pattern": "(a+)+$"}}}"#))
        let long = String(repeating: "a", count: 1_000_000) + "!"
        let found = schema.validate(.object(JSONObject([("s", .string(long))])))
        #expect(found.map(\.pointer.description) == ["/s"])
        #expect(found.first?.message
            == "pattern (a+)+$ was too expensive to evaluate on a string of 1000001 characters; simplify the pattern")
    }

    @Test func numericBoundsCompareExactly() throws {
        let schema = #"{"minimum": 0.1, "maximum": 1e1}"#
        #expect(try violations(schema, "0.1") == [])
        #expect(try violations(schema, "10.0") == [])
        #expect(try violations(schema, "0.09999999999999999999") == ["(root): 0.09999999999999999999 is less than minimum 0.1"])
        #expect(try violations(schema, "10.000000000000000001") == ["(root): 10.000000000000000001 is greater than maximum 1e1"])
        let exclusive = #"{"exclusiveMinimum": 0, "exclusiveMaximum": 5}"#
        #expect(try violations(exclusive, "4.99") == [])
        #expect(try violations(exclusive, "0") == ["(root): 0 is not greater than exclusive minimum 0"])
        #expect(try violations(exclusive, "5") == ["(root): 5 is not less than exclusive maximum 5"])
        #expect(try violations(exclusive, "-1") == ["(root): -1 is not greater than exclusive minimum 0"])
    }

    @Test func draft04BooleanExclusiveBounds() throws {
        let schema = #"{"minimum": 1, "exclusiveMinimum": true, "maximum": 3, "exclusiveMaximum": false}"#
        #expect(try violations(schema, "3") == [])
        #expect(try violations(schema, "1") == ["(root): 1 is not greater than exclusive minimum 1"])
    }

    @Test func multipleOfUsesDecimalArithmetic() throws {
        let cents = #"{"multipleOf": 0.01}"#
        for ok in ["0.07", "19.99", "1e2", "0", "-4.35", "123456789.12"] {
            #expect(try violations(cents, ok) == [], "\(ok)")
        }
        #expect(try violations(cents, "0.015") == ["(root): 0.015 is not a multiple of 0.01"])
        #expect(try violations(#"{"multipleOf": 0.1}"#, "0.3") == [])
        #expect(try violations(#"{"multipleOf": 2.5}"#, "7.5") == [])
        #expect(try violations(#"{"multipleOf": 3}"#, "1e30") == ["(root): 1e30 is not a multiple of 3"])
        #expect(try violations(#"{"multipleOf": 7}"#, "7e400") == [])
    }

    @Test func combinators() throws {
        let allOf = #"{"allOf": [{"type": "string"}, {"minLength": 2}]}"#
        #expect(try violations(allOf, #""ab""#) == [])
        #expect(try violations(allOf, #""a""#) == [#"(root): "a" is shorter than minLength 2 (1 character)"#])

        let anyOf = #"{"anyOf": [{"type": "string"}, {"type": "object", "required": ["x"]}]}"#
        #expect(try violations(anyOf, #"{"x": 1}"#) == [])
        #expect(try violations(anyOf, "{}") == [
            #"(root): matches none of the 2 alternatives in anyOf; closest is #1: (root): required property "x" is missing"#,
        ])

        let oneOf = #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#
        #expect(try violations(oneOf, "1") == [])
        #expect(try violations(oneOf, "2.5") == [])
        #expect(try violations(oneOf, "3") == ["(root): matches 2 alternatives in oneOf (#0, #1); exactly one must match"])

        #expect(try violations(#"{"not": {"type": "null"}}"#, "0") == [])
        #expect(try violations(#"{"not": {"type": "null"}}"#, "null") == [#"(root): must not match the schema in "not""#])
    }

    @Test func ifThenElse() throws {
        let schema = #"""
        {"if": {"properties": {"kind": {"const": "num"}}},
         "then": {"properties": {"value": {"type": "number"}}},
         "else": {"properties": {"value": {"type": "string"}}}}
        """#
        #expect(try violations(schema, #"{"kind": "num", "value": 1}"#) == [])
        #expect(try violations(schema, #"{"kind": "text", "value": "a"}"#) == [])
        #expect(try violations(schema, #"{"kind": "num", "value": "a"}"#) == [#"/value: expected number, found string "a""#])
        #expect(try violations(schema, #"{"kind": "text", "value": 1}"#) == ["/value: expected string, found number 1"])
        #expect(try violations(#"{"then": false}"#, "1") == [], "then without if is ignored")
    }

    @Test func booleanSchemas() throws {
        #expect(try violations("true", #"{"anything": [1]}"#) == [])
        #expect(try violations("false", "null") == ["(root): no value is allowed here (the schema is false)"])
        #expect(try violations(#"{"properties": {"gone": false}}"#, #"{"gone": 1}"#)
            == ["/gone: no value is allowed here (the schema is false)"])
    }

    @Test func annotationsAndUnknownKeywordsAreIgnored() throws {
        let schema = #"""
        {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "urn:x", "title": "t", "description": "d",
         "default": 5, "examples": [1], "format": "email", "$comment": "c", "x-vendor": {"type": "bogus"}}
        """#
        #expect(try violations(schema, #""not an email""#) == [])
    }

    @Test func violationsAreCappedAtTheLimit() throws {
        let items = "[" + Array(repeating: "\"x\"", count: 250).joined(separator: ",") + "]"
        let found = try violations(#"{"items": {"type": "number"}}"#, items)
        #expect(found.count == CompiledSchema.violationLimit)
        #expect(found.last == #"/99: expected number, found string "x""#)
    }
}
