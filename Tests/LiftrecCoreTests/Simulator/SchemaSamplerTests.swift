import Testing
@testable import LiftrecCore

@Suite struct SchemaSamplerTests {
    private static let suite = fixture("provider-suite.json")

    /// The violations of `SchemaSampler(seed:salt:).sample(schema)` against the schema, described.
    private func problems(_ schema: JSONValue, seed: Int = 7, salt: String) throws -> [String] {
        let value = SchemaSampler(seed: seed, salt: salt).sample(schema)
        return try CompiledSchema(schema).validate(value).map { "\($0) in \(value.brief(limit: 200))" }
    }

    private func salts(_ count: Int) -> [String] {
        (0..<count).map { String($0 &* 2_654_435_761, radix: 16) }
    }

    // MARK: The provider suite

    @Test func irSchemaSamplesValidateForTwoHundredSalts() throws {
        let ir = try #require(Self.suite["schemas"]?["ir"])
        for salt in salts(200) {
            let found = try problems(ir, salt: salt)
            #expect(found.isEmpty, "salt \(salt): \(found)")
        }
    }

    @Test func everyInlineCaseSchemaSamplesValidateForTwoHundredSalts() throws {
        let cases = try #require(Self.suite["cases"]?.arrayValue)
        let inline = cases.compactMap { $0["schema"]?.objectValue.map(JSONValue.object) }
        #expect(inline.count >= 4)
        for schema in inline {
            for salt in salts(200) {
                let found = try problems(schema, salt: salt)
                #expect(found.isEmpty, "salt \(salt): \(found)")
            }
        }
    }

    @Test func pydanticStyleSchemaSamplesValidateForTwoHundredSalts() throws {
        let schema = json(Self.pydantic)
        for salt in salts(200) {
            let found = try problems(schema, salt: salt)
            #expect(found.isEmpty, "salt \(salt): \(found)")
        }
        let value = SchemaSampler(seed: 2, salt: "9c").sample(schema)
        #expect(value.objectValue?.keys.first == "plan_id", "members follow the schema's order")
    }

    @Test func minLengthOfOneHundredIsHonoured() throws {
        let cases = try #require(Self.suite["cases"]?.arrayValue)
        let missingFields = try #require(cases.first { $0["key"] == .string("error_handling_missing_fields") }?["schema"])
        for salt in salts(20) {
            let value = SchemaSampler(seed: 1, salt: salt).sample(missingFields)
            let text = try #require(value["required_field"]?.stringValue)
            #expect(text.unicodeScalars.count >= 100)
            #expect(text.unicodeScalars.count <= 130, "padding stops soon after the minimum")
        }
    }

    @Test func irSamplesReadLikeAModelWroteThem() throws {
        let ir = try #require(Self.suite["schemas"]?["ir"])
        let value = SchemaSampler(seed: 3, salt: "3f2a").sample(ir)
        let summary = try #require(value["intent"]?["summary"]?.stringValue)
        #expect(summary.hasPrefix("Summary "), "\(summary)")
        #expect(summary.unicodeScalars.count <= 60)
        let name = try #require(value["signature"]?["name"]?.stringValue)
        #expect(try CompiledSchema(json(#"{"pattern": "^[a-z]+(_[a-z]+)+$"}"#)).validate(.string(name)) == [], "\(name)")
    }

    // MARK: Determinism and variety

    @Test func sameSeedAndSaltGiveTheSameValue() throws {
        let ir = try #require(Self.suite["schemas"]?["ir"])
        for salt in salts(10) {
            #expect(SchemaSampler(seed: 42, salt: salt).sample(ir) == SchemaSampler(seed: 42, salt: salt).sample(ir))
        }
    }

    @Test func differentSaltsAndSeedsGiveDifferentValues() throws {
        let ir = try #require(Self.suite["schemas"]?["ir"])
        let values = salts(20).map { SchemaSampler(seed: 42, salt: $0).sample(ir) }
        var distinct: [JSONValue] = []
        for value in values where !distinct.contains(value) { distinct.append(value) }
        #expect(distinct.count == values.count)
        #expect(SchemaSampler(seed: 1, salt: "ab").sample(ir) != SchemaSampler(seed: 2, salt: "ab").sample(ir))
    }

    @Test func saltsVaryEnumChoicesOptionalMembersAndArrayLengths() throws {
        let schema = json(#"""
            {"type": "object", "properties": {
                "kind": {"enum": ["a", "b", "c", "d"]},
                "note": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}}},
             "required": ["kind", "tags"]}
            """#)
        let values = salts(60).map { SchemaSampler(seed: 5, salt: $0).sample(schema) }
        let kinds = Set(values.compactMap { $0["kind"]?.stringValue })
        #expect(kinds == ["a", "b", "c", "d"])
        let withNote = values.filter { $0["note"] != nil }.count
        #expect(withNote > 0 && withNote < values.count)
        let lengths = Set(values.compactMap { $0["tags"]?.arrayValue?.count })
        #expect(lengths == [0, 1, 2, 3], "arrays stay small but vary")
    }

    // MARK: Keywords

    private static let keywordSchemas: [String] = [
        #"{"type": "string"}"#,
        #"{"type": ["integer", "null"]}"#,
        #"{"type": "null"}"#,
        #"{"type": "boolean"}"#,
        #"{"type": "number", "minimum": 2.5, "maximum": 3}"#,
        #"{"type": "integer", "exclusiveMinimum": 10, "exclusiveMaximum": 13}"#,
        #"{"type": "integer", "minimum": -50, "maximum": -40, "multipleOf": 3}"#,
        #"{"type": "number", "multipleOf": 0.25, "minimum": 1000}"#,
        #"{"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 0.001}"#,
        #"{"type": "integer", "maximum": 0, "exclusiveMaximum": true}"#,
        #"{"type": "integer", "multipleOf": 0.5, "maximum": -1000000}"#,
        #"{"enum": ["red", "green", 3, null]}"#,
        #"{"const": {"a": [1, 2]}}"#,
        #"{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"], "additionalProperties": false}"#,
        #"{"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 2, "maxProperties": 3}"#,
        #"{"type": "object", "patternProperties": {"^x_[a-z]+$": {"type": "boolean"}}, "additionalProperties": false, "minProperties": 1}"#,
        #"{"type": "object", "propertyNames": {"pattern": "^[a-z]{3}$"}, "minProperties": 2}"#,
        #"{"type": "object", "properties": {"a": {}, "b": {}, "c": {}}, "maxProperties": 1}"#,
        #"{"type": "object", "properties": {"card": {"type": "string"}, "billing": {"type": "string"}}, "dependentRequired": {"card": ["billing"]}, "required": ["card"]}"#,
        #"{"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 3}, "minItems": 4, "uniqueItems": true}"#,
        #"{"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}"#,
        #"{"type": "array", "prefixItems": [{"const": "x"}, {"type": "boolean"}], "items": {"type": "null"}, "minItems": 3}"#,
        #"{"type": "array", "contains": {"type": "integer", "minimum": 100}, "items": {"type": "integer"}}"#,
        #"{"type": "array", "minItems": 5, "maxItems": 6, "items": {"enum": [1, 2, 3, 4, 5, 6, 7]}, "uniqueItems": true}"#,
        #"{"type": "array", "items": {"type": "array", "items": {"type": "boolean"}, "minItems": 1}, "minItems": 2, "maxItems": 2}"#,
        #"{"type": "string", "minLength": 3, "maxLength": 5}"#,
        #"{"type": "string", "minLength": 70}"#,
        #"{"type": "string", "pattern": "^[A-Z][a-z]+ [0-9]{2}$", "maxLength": 12}"#,
        #"{"type": "string", "pattern": "[A-Z]{2,4}", "minLength": 10}"#,
        #"{"type": "string", "pattern": "^[a-z_][a-z0-9_]*$", "minLength": 100}"#,
        #"{"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"properties": {"b": {"type": "string"}}, "required": ["b"], "additionalProperties": false, "patternProperties": {"^a$": {}}}]}"#,
        #"{"anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "minimum": 7}]}"#,
        #"{"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]}"#,
        #"{"oneOf": [{"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "b$"}]}"#,
        #"{"type": "integer", "not": {"enum": [1, 2, 3]}, "minimum": 1, "maximum": 5}"#,
        #"{"type": ["string", "integer"], "not": {"type": "string"}}"#,
        #"{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false, "not": {"required": ["a"]}}"#,
        #"""
        {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}, "size": {"type": "integer"}}, "required": ["kind", "size"],
         "if": {"properties": {"kind": {"const": "a"}}}, "then": {"properties": {"size": {"minimum": 10}}},
         "else": {"properties": {"size": {"maximum": -10}}}}
        """#,
        ##"{"$ref": "#/definitions/item", "definitions": {"item": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}}"##,
        ##"{"$defs": {"name": {"type": "string", "pattern": "^[a-z]+$"}}, "type": "array", "items": {"$ref": "#/$defs/name"}, "minItems": 1}"##,
        ##"{"type": "object", "properties": {"x": {"$ref": "#/properties/y"}, "y": {"type": "boolean"}}, "required": ["x"]}"##,
        #"{"type": "object", "properties": {"email": {"type": "string", "title": "t", "description": "d", "format": "email", "default": "a@b.c", "examples": ["x@y.z"]}}, "required": ["email"]}"#,
        #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "$comment": "c", "unknown": 1, "type": "integer"}"#,
        "true",
        "{}",
    ]

    @Test(arguments: keywordSchemas)
    func keywordSchemaSamplesValidate(_ text: String) throws {
        let schema = json(text)
        for salt in salts(40) {
            let found = try problems(schema, salt: salt)
            #expect(found.isEmpty, "salt \(salt): \(found)")
        }
    }

    @Test func patternsAreMatchedAndReadNaturally() throws {
        let cases: [(pattern: String, shape: String)] = [
            (#"^[a-z_][a-z0-9_]*$"#, #"^[a-z]+(_[a-z0-9]+)*$"#),
            (#"^\\d{3}-\\d{4}$"#, #"^[0-9]{3}-[0-9]{4}$"#),
            (#"^(foo|bar)+$"#, #"^(foo|bar){1,12}$"#),
            (#"[A-Z]{2,4}"#, #"^[A-Z]{2,4}$"#),
        ]
        for (pattern, shape) in cases {
            let schema = json(#"{"type": "string", "pattern": "\#(pattern)"}"#)
            let natural = try CompiledSchema(json(#"{"pattern": "\#(shape)"}"#))
            for salt in salts(50) {
                let found = try problems(schema, salt: salt)
                #expect(found.isEmpty, "\(pattern) salt \(salt): \(found)")
                let value = SchemaSampler(seed: 9, salt: salt).sample(schema)
                #expect(natural.validate(value) == [], "\(pattern) gave \(value.brief())")
            }
        }
    }

    // MARK: Recursion, bad and unsatisfiable schemas

    @Test func recursiveSchemasTerminate() throws {
        let tree = json(#"""
            {"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}},
             "required": ["value", "children"]}
            """#)
        for salt in salts(50) {
            let found = try problems(tree, salt: salt)
            #expect(found.isEmpty, "salt \(salt): \(found)")
            #expect(depth(SchemaSampler(seed: 1, salt: salt).sample(tree)) <= 2 * SampleGenerator.softDepth + 2)
        }
        let endless = json(##"{"type": "object", "properties": {"next": {"$ref": "#"}}, "required": ["next"]}"##)
        #expect(depth(SchemaSampler(seed: 1, salt: "a").sample(endless)) <= SampleGenerator.hardDepth + 1)
    }

    @Test func unsatisfiableSchemasGiveAValueWithoutTrapping() throws {
        #expect(SchemaSampler(seed: 1, salt: "a").sample(.bool(false)) == .null)
        for text in [
            #"{"type": "string", "minLength": 5, "maxLength": 2}"#,
            #"{"allOf": [{"const": 1}, {"const": 2}]}"#,
            #"{"type": "integer", "minimum": 1, "maximum": 1.5, "multipleOf": 7}"#,
            #"{"type": "array", "items": {"const": 1}, "minItems": 2, "uniqueItems": true}"#,
            #"{"type": "string", "pattern": "^a$", "minLength": 3}"#,
            #"{"not": {}}"#,
            #"{"type": "strng"}"#,
            ##"{"$ref": "#/nowhere"}"##,
        ] {
            let schema = json(text)
            #expect(SchemaSampler(seed: 1, salt: "a").sample(schema) == SchemaSampler(seed: 1, salt: "a").sample(schema), "\(text)")
        }
    }

    private func depth(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): return 1 + (items.map(depth).max() ?? 0)
        case .object(let object): return 1 + (object.values.map(depth).max() ?? 0)
        default: return 0
        }
    }
}

extension SchemaSamplerTests {
    /// A schema in the shape pydantic emits: `$defs`, `allOf` around a `$ref`, `anyOf` with null, enums by reference.
    static let pydantic = ##"""
        {"$defs": {
            "Priority": {"enum": ["low", "medium", "high"], "title": "Priority", "type": "string"},
            "Step": {"properties": {
                "order": {"minimum": 1, "title": "Order", "type": "integer"},
                "action": {"maxLength": 80, "minLength": 5, "title": "Action", "type": "string"},
                "priority": {"allOf": [{"$ref": "#/$defs/Priority"}], "default": "medium"},
                "notes": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null}},
             "required": ["order", "action"], "title": "Step", "type": "object", "additionalProperties": false}},
         "properties": {
            "plan_id": {"pattern": "^PLAN-[0-9]{4}$", "title": "Plan Id", "type": "string"},
            "steps": {"items": {"$ref": "#/$defs/Step"}, "minItems": 1, "maxItems": 5, "title": "Steps", "type": "array"},
            "owner": {"anyOf": [{"$ref": "#/$defs/Step"}, {"type": "null"}]},
            "confidence": {"exclusiveMaximum": 1, "minimum": 0, "type": "number"},
            "tags": {"items": {"type": "string", "maxLength": 12}, "uniqueItems": true, "type": "array"}},
         "required": ["plan_id", "steps", "confidence"], "title": "Plan", "type": "object"}
        """##
}
