/// Reads and validates suite files, resolving schema names and computing fingerprints once per run.
struct SuiteLoader: Sendable {
    /// The project root that relative paths resolve against.
    let root: String
    /// False for a command that never compares requests (`prune` without `--stale`): cases are then loaded without
    /// their fingerprints, which is most of the work of loading a large suite.
    var fingerprintsCases = true
    // Cases that share a schema share its prepared form: inline schemas by their canonical text, named ones by name
    // (per suite, since two suites may give one name different schemas).
    private let inlineSchemas = SchemaCache()

    /// Loads `fixtures/suites/<name>.json` under the root.
    mutating func load(name: String) throws(LiftrecError) -> Suite {
        try build(read(name: name), name: name)
    }

    /// Reads and parses a suite file without checking it as a suite yet, with the cases its journal holds (learned by
    /// a run that was killed before it wrote the suite) laid over it; nothing is written.
    func read(name: String) throws(LiftrecError) -> JSONDocument {
        let path = ProjectLayout.suitePath(root: root, name: name)
        let journaled = try Journal.entries(storePath: path)
        guard journaled.isEmpty else {
            var suite = Self.emptyLearnedSuite(name: name)
            if FileSystem.exists(path) {
                // A suite file that is not an object is reported as it is, never replaced by a fold of its journal.
                guard let object = try parse(name: name).root.value.objectValue else {
                    throw .suite(file: ProjectLayout.display(path, root: root), caseKey: nil, field: nil, reason: "a suite must be a JSON object")
                }
                suite = object
            }
            var cases = suite["cases"]?.arrayValue ?? []
            var keys = Set(cases.compactMap { $0["key"]?.stringValue })
            for (key, entry) in journaled where !keys.contains(key) {
                cases.append(entry)
                keys.insert(key)
            }
            suite["cases"] = .array(cases)
            do {
                return try JSONDocument(.object(suite))
            } catch {
                throw .suite(file: ProjectLayout.display(path, root: root), caseKey: nil, field: nil, reason: "with its journal laid over it, \(error.message)")
            }
        }
        return try parse(name: name)
    }

    /// The suite a learning run starts when there is none.
    static func emptyLearnedSuite(name: String) -> JSONObject {
        JSONObject([("format", .string(Suite.format)), ("name", .string(name)), ("origin", .string(Suite.learnedOrigin)), ("cases", .array([]))])
    }

    /// Writes suite `name` with the cases its journal holds, and removes the journal: what the next writer does.
    func foldJournal(name: String) throws(LiftrecError) {
        let path = ProjectLayout.suitePath(root: root, name: name)
        guard Journal.holdsEntries(storePath: path) else {
            Journal.removeIfEmpty(storePath: path)
            return
        }
        let folded = try read(name: name).root.value
        do {
            try FileSystem.writeAtomically(JSONWriter.pretty(folded) + Array("\n".utf8), to: path)
        } catch {
            throw .io(error)
        }
        try Journal.remove(storePath: path)
    }

    private func parse(name: String) throws(LiftrecError) -> JSONDocument {
        let path = ProjectLayout.suitePath(root: root, name: name)
        let display = ProjectLayout.display(path, root: root)
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            throw .io(error)
        }
        guard bytes.count <= JSONDocument.maximumSize else {
            throw .suite(file: display, caseKey: nil, field: nil, reason: "is \(bytes.count) bytes, larger than the \(JSONDocument.maximumSize >> 20) MiB a suite may be; split it into several suites")
        }
        let document: JSONDocument
        do {
            // A repeated field in a suite is a mistake to report, not a value to overwrite silently.
            document = try JSONDocument(bytes: bytes, rejectingRepeatedNames: true)
        } catch {
            throw .invalidJSON(file: display, line: error.line, column: error.column, reason: error.message)
        }
        return document
    }

    /// A suite file as a tree, for rewriting it; nil when it cannot be read as an object.
    func readTree(name: String) -> JSONObject? {
        (try? read(name: name))?.root.value.objectValue
    }

    /// Checks a parsed suite file and builds the suite, its schemas and its fingerprints.
    ///
    /// Each case is read into a value only while it is built, so a suite of 100,000 cases never exists as one tree.
    mutating func build(_ document: consuming JSONDocument, name: String) throws(LiftrecError) -> Suite {
        try build(document.root, file: ProjectLayout.display(ProjectLayout.suitePath(root: root, name: name), root: root), expectedName: name)
    }

    /// Checks a suite built in memory (see `build(_:name:)`).
    mutating func build(_ value: JSONValue, name: String) throws(LiftrecError) -> Suite {
        let document: JSONDocument
        do {
            document = try JSONDocument(value)
        } catch {
            throw .suite(file: ProjectLayout.display(ProjectLayout.suitePath(root: root, name: name), root: root), caseKey: nil, field: nil, reason: error.message)
        }
        return try build(document, name: name)
    }

    /// Where a parsed suite file says its store is, before the suite is checked (for reading stores early).
    func storePath(of document: JSONDocument, name: String) -> String {
        FileSystem.resolve(document.root["store"]?.stringValue ?? Self.defaultStore(name), against: root)
    }

    /// The store of suite `name` when the suite names none, relative to the project root.
    static func defaultStore(_ name: String) -> String {
        "fixtures/recorded/\(name).json"
    }

    private static let suiteFields: Set<String> = [
        "format", "name", "description", "origin", "protocol", "auth_env", "store", "endpoint", "model", "defaults", "cost", "schemas", "cases",
    ]
    private static let caseFields: Set<String> = [
        "key", "protocol", "model", "request", "prompt", "messages", "system", "schema", "tools", "tool_choice", "max_tokens", "temperature",
        "top_p", "seed", "stop", "metadata", "expect", "warmup",
    ]
    // Case fields only chat protocols take, whose case is the request.
    private static let chatFields: Set<String> = ["model", "request", "messages", "system", "tools", "tool_choice", "seed", "stop"]
    // The shorthand members that build a chat request, which a case giving `request` leaves out.
    private static let shorthandFields = ["prompt", "messages", "system", "tools", "tool_choice", "max_tokens", "temperature", "top_p", "seed", "stop"]
    private static let defaultsFields: Set<String> = ["max_tokens", "temperature", "top_p", "seed", "stop"]
    private static let costFields: Set<String> = ["usd_per_request"]

    private mutating func build(_ document: consuming JSONElement, file: String, expectedName: String) throws(LiftrecError) -> Suite {
        func fail(_ reason: String, field: String? = nil, caseKey: String? = nil) -> LiftrecError {
            .suite(file: file, caseKey: caseKey, field: field, reason: reason)
        }
        guard document.isObject else {
            throw fail("a suite must be a JSON object, found \(document.typeName)")
        }
        // Every field but the cases, as values; the cases are read one at a time below.
        let object = JSONObject(document.members.map { name, value in
            let field = name.stringValue!
            return (field, field == "cases" ? JSONValue.null : value.value)
        })
        try Self.rejectUnknown(object, allowed: Self.suiteFields, file: file, caseKey: nil)
        guard let format = object["format"] else {
            throw fail("required field is missing; add \"format\": \"\(Suite.format)\"", field: "format")
        }
        guard format.stringValue == Suite.format else {
            throw fail("unsupported format \(Self.show(format)); this liftrec reads \"\(Suite.format)\"", field: "format")
        }
        let name = try Self.requiredString(object, "name", file: file, caseKey: nil)
        guard name == expectedName else {
            throw fail("suite name \(quoted(name)) does not match its file name; rename one so both say \(quoted(expectedName))", field: "name")
        }
        let description = try Self.optionalString(object, "description", file: file)
        let origin = try Self.optionalString(object, "origin", file: file)
        guard origin == nil || origin == Suite.learnedOrigin else {
            throw fail("must be \"\(Suite.learnedOrigin)\" (a suite replay --serve --learn wrote) or left out", field: "origin")
        }
        let storeField = try Self.optionalString(object, "store", file: file)
        let (endpoint, endpoints) = try Self.perProtocol(object, "endpoint", what: "an endpoint URL", file: file)
        let model = try Self.optionalString(object, "model", file: file)
        var wireProtocol = WireProtocols.standard
        if let value = object["protocol"] {
            let known = WireProtocols.all.map { quoted($0.name) }.joined(separator: ", ")
            guard let text = value.stringValue, let named = WireProtocols.named(text) else {
                throw fail("unknown protocol \(Self.show(value)); this liftrec speaks \(known)", field: "protocol")
            }
            wireProtocol = named
        }
        // A string names the key's variable for the suite's protocol; an object names one per protocol.
        let (authEnv, authEnvs) = try Self.perProtocol(object, "auth_env", what: "an environment variable", file: file)
        var keyVariables = authEnvs
        if let authEnv { keyVariables[wireProtocol.name] = authEnv }
        for (name, variable) in keyVariables {
            guard let named = WireProtocols.named(name), named.authenticating(with: variable) != nil else {
                throw fail("protocol \(quoted(name)) takes its credentials from MODAL_KEY and MODAL_SECRET; remove auth_env", field: "auth_env")
            }
        }
        wireProtocol = keyVariables[wireProtocol.name].flatMap { wireProtocol.authenticating(with: $0) } ?? wireProtocol

        var defaults = SamplingParameters.endpointDefaults
        var chatDefaults = JSONObject()
        if let value = object["defaults"] {
            guard let fields = value.objectValue else { throw fail("must be an object, found \(value.typeName)", field: "defaults") }
            try Self.rejectUnknown(fields, allowed: Self.defaultsFields, file: file, caseKey: nil, parent: "defaults")
            defaults = try Self.parameters(fields, over: defaults, file: file, caseKey: nil, prefix: "defaults.")
            try Self.checkChatSampling(fields, file: file, caseKey: nil, prefix: "defaults.")
            chatDefaults = fields
        }

        var usdPerRequest: Double?
        if let value = object["cost"] {
            guard let fields = value.objectValue else { throw fail("must be an object, found \(value.typeName)", field: "cost") }
            try Self.rejectUnknown(fields, allowed: Self.costFields, file: file, caseKey: nil, parent: "cost")
            if let usd = fields["usd_per_request"] {
                guard let number = usd.numberValue, number.doubleValue >= 0, number.doubleValue.isFinite else {
                    throw fail("must be a non-negative number of US dollars, found \(Self.show(usd))", field: "cost.usd_per_request")
                }
                usdPerRequest = number.doubleValue
            }
        }

        var schemas = JSONObject()
        if let value = object["schemas"] {
            guard let fields = value.objectValue else { throw fail("must be an object of named schemas, found \(value.typeName)", field: "schemas") }
            for (schemaName, schema) in fields.members {
                guard schema.objectValue != nil || schema.boolValue != nil else {
                    throw fail("a schema must be an object or a boolean, found \(schema.typeName)", field: "schemas.\(schemaName)")
                }
            }
            schemas = fields
        }

        guard let casesValue = document["cases"] else { throw fail("required field is missing; add \"cases\": [...]", field: "cases") }
        guard casesValue.kind == .array else { throw fail("must be an array of cases, found \(casesValue.typeName)", field: "cases") }
        // Cases are built on every core; what can fail is then checked in case order, so the error a suite gets is
        // the one the first faulty case gives, as when they were built one by one.
        let namedSchemas = SchemaCache()
        let context = CaseContext(
            schemas: schemas, defaults: (defaults, chatDefaults), suiteProtocol: wireProtocol, keyVariables: keyVariables, model: model, file: file,
            named: namedSchemas
        )
        let fingerprints = fingerprintsCases
        let loader = self
        // A case is a class: what comes back from the cores is one reference per case, or the error it gave.
        let built = ParallelMap.map(Array(casesValue.elements.enumerated())) { position, caseValue -> BuiltCase in
            let draft: SuiteCase.Draft
            switch Result(catching: { () throws(LiftrecError) in try loader.buildCase(caseValue.value, position: position, context: context) }) {
            case .success(let value): draft = value
            case .failure(let error): return .unbuilt(error)
            }
            guard fingerprints else { return .built(draft.complete(nil, request: draft.request(model: model))) }
            switch Self.fingerprinted(draft, model: model, file: file) {
            case .success(let suiteCase): return .built(suiteCase)
            case .failure(let error): return .unfingerprinted(key: draft.key, storeKey: draft.storeKey, error)
            }
        }
        var seenKeys: [String: Int] = [:]
        var seenStoreKeys: [String: String] = [:]
        seenKeys.reserveCapacity(built.count)
        seenStoreKeys.reserveCapacity(built.count)
        for position in built.indices {
            let (key, storeKey): (String, String)
            switch built[position] {
            case .unbuilt(let error): throw error
            case .built(let suiteCase): (key, storeKey) = (suiteCase.key, suiteCase.storeKey)
            case .unfingerprinted(let caseKey, let caseStoreKey, _): (key, storeKey) = (caseKey, caseStoreKey)
            }
            if let earlier = seenKeys[key] {
                throw fail("duplicate key (cases \(earlier + 1) and \(position + 1)); every case needs its own key", field: "key", caseKey: key)
            }
            if let other = seenStoreKeys[storeKey] {
                throw fail("its store key \(quoted(storeKey)) collides with case \(quoted(other)); shorten one key", field: "key", caseKey: key)
            }
            seenKeys[key] = position
            seenStoreKeys[storeKey] = key
        }
        var cases: [SuiteCase] = []
        cases.reserveCapacity(built.count)
        for position in built.indices {
            switch built[position] {
            case .built(let suiteCase): cases.append(suiteCase)
            case .unbuilt(let error), .unfingerprinted(_, _, let error): throw error
            }
        }

        if storeField?.isEmpty == true { throw fail("must name a file, found an empty string", field: "store") }
        let storePath = FileSystem.resolve(storeField ?? Self.defaultStore(name), against: root)
        if ProjectLayout.normalized(storePath).hasPrefix(ProjectLayout.normalized(root) + "/" + ProjectLayout.suitesFolder + "/") {
            throw fail("points into \(ProjectLayout.suitesFolder)/, where liftrec would overwrite suites; keep stores elsewhere, such as fixtures/recorded/\(name).json", field: "store")
        }
        return Suite(
            name: name,
            description: description,
            file: file,
            storePath: storePath,
            storeDisplay: ProjectLayout.display(storePath, root: root),
            endpoint: endpoint,
            endpoints: endpoints,
            model: model,
            usdPerRequest: usdPerRequest,
            wireProtocol: wireProtocol,
            cases: cases,
            isLearned: origin != nil
        )
    }

    /// A case as built on one core: whole, or the error its checks or its fingerprint gave.
    private enum BuiltCase: Sendable {
        case built(SuiteCase)
        case unbuilt(LiftrecError)
        case unfingerprinted(key: String, storeKey: String, LiftrecError)
    }

    /// What every case of one suite is built with.
    private struct CaseContext: Sendable {
        let schemas: JSONObject
        let defaults: (modal: SamplingParameters, chat: JSONObject)
        let suiteProtocol: any WireProtocol
        let keyVariables: [String: String]
        let model: String?
        let file: String
        /// The suite's named schemas as prepared so far (per suite: two suites may give one name different schemas).
        let named: SchemaCache
    }

    private func buildCase(_ value: JSONValue, position: Int, context: CaseContext) throws(LiftrecError) -> SuiteCase.Draft {
        let (schemas, defaults, suiteProtocol, keyVariables, model, file) = (
            context.schemas, context.defaults, context.suiteProtocol, context.keyVariables, context.model, context.file
        )
        guard let fields = value.objectValue else {
            throw .suite(file: file, caseKey: nil, field: "cases[\(position)]", reason: "a case must be an object, found \(value.typeName)")
        }
        guard let keyValue = fields["key"] else {
            throw .suite(file: file, caseKey: nil, field: "cases[\(position)].key", reason: "required field is missing; every case needs a \"key\"")
        }
        guard let key = keyValue.stringValue, !key.isEmpty else {
            throw .suite(file: file, caseKey: nil, field: "cases[\(position)].key", reason: "must be a non-empty string, found \(Self.show(keyValue))")
        }
        func fail(_ field: String, _ reason: String) -> LiftrecError {
            .suite(file: file, caseKey: key, field: field, reason: reason)
        }
        // Keys end up in terminal output, CI logs and shell commands liftrec suggests; control characters there mislead.
        if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail("key", "contains a control character such as a newline or escape; use printable characters")
        }
        try Self.rejectUnknown(fields, allowed: Self.caseFields, file: file, caseKey: key)
        var wireProtocol = suiteProtocol
        if let value = fields["protocol"] {
            let known = WireProtocols.all.map { quoted($0.name) }.joined(separator: ", ")
            guard let text = value.stringValue, let named = WireProtocols.named(text) else {
                throw fail("protocol", "unknown protocol \(Self.show(value)); this liftrec speaks \(known)")
            }
            wireProtocol = keyVariables[named.name].flatMap { named.authenticating(with: $0) } ?? named
        }
        let chat = wireProtocol as? any HostedChatAPI
        if chat == nil, let field = Self.chatFields.sorted().first(where: { fields[$0] != nil }) {
            let chats = WireProtocols.all.filter(\.takesMessages).map(\.name).joined(separator: ", ")
            throw fail(field, "only chat protocols (\(chats)) take \(field); this case speaks \(wireProtocol.name): use \"prompt\"")
        }

        var schema: JSONValue?
        var schemaName: String?
        switch fields["schema"] {
        case nil:
            guard chat != nil else { throw fail("schema", "required field is missing; give an inline schema or the name of one in \"schemas\"") }
        case .string(let name)?:
            guard let named = schemas[name] else {
                let known = schemas.keys.isEmpty ? "the suite defines no schemas" : "defined schemas: " + schemas.keys.joined(separator: ", ")
                let hint = SpellingSuggestion.closest(to: name, among: schemas.keys).map { "did you mean \(quoted($0))? " } ?? ""
                throw fail("schema", "unknown schema \(quoted(name)); \(hint)\(known)")
            }
            schema = named
            schemaName = name
        case let field? where field.objectValue != nil || field.boolValue != nil:
            schema = field
        case let field?:
            throw fail("schema", "must be an inline schema (object or boolean) or a schema name, found \(field.typeName)")
        }

        var prompt = ""
        var parameters = defaults.modal
        var body: JSONObject?
        // A case's own model wins over the suite's; Gemini sends it in the path, the others in the body.
        if let value = fields["model"], value.stringValue?.isEmpty ?? true { throw fail("model", "must be a model name, found \(Self.show(value))") }
        let caseModel = fields["model"]?.stringValue
        if let chat {
            body = try chatRequest(fields, schema: schema, defaults: defaults.chat, model: caseModel ?? model, speaking: chat, fail: fail)
            prompt = fields["prompt"]?.stringValue ?? ""
        } else {
            prompt = try Self.requiredString(fields, "prompt", file: file, caseKey: key)
            parameters = try Self.parameters(fields, over: defaults.modal, file: file, caseKey: key, prefix: "")
        }
        var metadata: JSONObject?
        if let value = fields["metadata"] {
            guard let object = value.objectValue else { throw fail("metadata", "must be an object, found \(value.typeName)") }
            guard object["liftrec"] == nil else { throw fail("metadata.liftrec", "is reserved for liftrec's own facts; rename it") }
            metadata = object
        }
        var expect = SuiteCase.Expectation.ok
        if let value = fields["expect"] {
            guard let text = value.stringValue, let parsed = SuiteCase.Expectation(rawValue: text), parsed != .truncated || chat != nil else {
                let choices = chat == nil ? "\"ok\", \"error\" or \"any\"" : "\"ok\", \"error\", \"any\" or \"truncated\""
                throw fail("expect", "must be \(choices), found \(Self.show(value))")
            }
            expect = parsed
        }
        var warmup = false
        if let value = fields["warmup"] {
            guard let flag = value.boolValue else { throw fail("warmup", "must be true or false, found \(Self.show(value))") }
            warmup = flag
        }

        // A chat request states what it asks for; a case's own schema, when given, is the one its output is checked against.
        var demand = body.map { wireProtocol.outputDemand($0) } ?? OutputDemand()
        if let schema, body != nil {
            demand.schema = schema
            demand.json = true
        }
        let checked = chat == nil ? schema ?? .bool(true) : demand.schema ?? .bool(true)
        // A Modal case checks its own schema, so a named one is prepared once per suite, not once per case.
        let prepared = try prepare(checked, file: file, caseKey: key, schemaName: chat == nil || demand.schema == schema ? schemaName : nil, named: context.named)
        var contract = OutputContract(modal: prepared.compiled)
        if chat != nil {
            contract.schema = demand.schema == nil ? nil : prepared.compiled
            contract.json = demand.json
            contract.outputTool = demand.outputTool
            contract.choices = demand.choices
            for (position, tool) in demand.tools.enumerated() {
                contract.tools[tool.name] = try prepare(tool.schema, file: file, caseKey: key, schemaName: nil, named: context.named, field: "tools[\(position)] (\(tool.name))").compiled
            }
        }
        let request = CaseRequest(
            prompt: prompt, schema: checked, canonicalSchema: prepared.canonical, schemaSHA256: prepared.sha256, parameters: parameters,
            model: caseModel, body: body, isShorthand: body != nil && fields["request"] == nil
        )
        return SuiteCase.Draft(
            key: key, schemaName: schemaName, metadata: metadata, expect: expect, warmup: warmup, wireProtocol: wireProtocol,
            contract: contract, ownRequest: request
        )
    }

    /// A chat case's request: `request` as written, or the body its shorthand builds with the suite's defaults.
    private func chatRequest(
        _ fields: JSONObject, schema: JSONValue?, defaults: JSONObject, model: String?, speaking chat: any HostedChatAPI,
        fail: @escaping (String, String) -> LiftrecError
    ) throws(LiftrecError) -> JSONObject {
        if let value = fields["request"] {
            guard let request = value.objectValue else { throw fail("request", "must be the request body, a JSON object, found \(value.typeName)") }
            if let field = Self.shorthandFields.first(where: { fields[$0] != nil }) {
                throw fail(field, "a case gives either \"request\" or the shorthand, not both; move \(field) into the request or remove \"request\"")
            }
            return request
        }
        guard fields["prompt"] != nil || fields["messages"] != nil else {
            throw fail("prompt", "required field is missing; give \"prompt\", \"messages\" or the whole \"request\"")
        }
        if let value = fields["prompt"], value.stringValue == nil { throw fail("prompt", "must be a string, found \(Self.show(value))") }
        if let value = fields["messages"] {
            guard let items = value.arrayValue, !items.isEmpty, items.allSatisfy({ $0.objectValue != nil }) else {
                throw fail("messages", "must be a non-empty array of message objects, found \(Self.show(value))")
            }
        }
        if let value = fields["system"], value.stringValue == nil && value.arrayValue == nil {
            throw fail("system", "must be a string (or Anthropic's array of blocks), found \(Self.show(value))")
        }
        if let value = fields["tools"] {
            guard let items = value.arrayValue, items.allSatisfy({ $0.objectValue != nil }) else {
                throw fail("tools", "must be an array of tool objects in the protocol's own shape, found \(Self.show(value))")
            }
        }
        if let value = fields["tool_choice"], value.stringValue == nil && value.objectValue == nil {
            throw fail("tool_choice", "must be a string or an object in the protocol's own shape, found \(Self.show(value))")
        }
        _ = try Self.parameters(fields, over: SamplingParameters.endpointDefaults, file: "", caseKey: nil, prefix: "", fail: fail)
        try Self.checkChatSampling(fields, file: "", caseKey: nil, prefix: "", fail: fail)
        var merged = defaults
        for (name, value) in fields.members where name != "schema" { merged[name] = value }
        if let schema { merged["schema"] = schema }
        return chat.request(shorthand: merged, model: model)
    }

    /// Completes a draft with its request fingerprint: for large suites this is most of the load.
    private static func fingerprinted(_ draft: SuiteCase.Draft, model: String?, file: String) -> Result<SuiteCase, LiftrecError> {
        let request = draft.request(model: model)
        do {
            return .success(draft.complete(try draft.wireProtocol.fingerprint(request), request: request))
        } catch {
            return .failure(.suite(file: file, caseKey: draft.key, field: nil, reason: error.description))
        }
    }

    private func prepare(
        _ schema: JSONValue, file: String, caseKey: String, schemaName: String?, named: SchemaCache, field given: String = "schema"
    ) throws(LiftrecError) -> PreparedSchema {
        let key = schemaName ?? String(decoding: JSONWriter.compact(schema), as: UTF8.self)
        let cache = schemaName == nil ? inlineSchemas : named
        if let cached = cache[key] { return cached }
        let field = schemaName.map { "schemas.\($0)" } ?? given
        do {
            return cache.keep(try PreparedSchema(schema), as: key)
        } catch {
            throw .suite(file: file, caseKey: caseKey, field: field, reason: error.description)
        }
    }

    private static func parameters(
        _ fields: JSONObject, over base: SamplingParameters, file: String, caseKey: String?, prefix: String,
        fail given: ((String, String) -> LiftrecError)? = nil
    ) throws(LiftrecError) -> SamplingParameters {
        let fail = given ?? { field, reason in .suite(file: file, caseKey: caseKey, field: field, reason: reason) }
        var result = base
        if let value = fields["max_tokens"] {
            guard let number = value.numberValue, number.isIntegral, let count = number.intValue, count >= 1 else {
                throw fail(prefix + "max_tokens", "must be a whole number of at least 1, found \(show(value))")
            }
            result.maxTokens = number
        }
        if let value = fields["temperature"] {
            guard let number = value.numberValue, number.doubleValue >= 0, number.doubleValue <= 100 else {
                throw fail(prefix + "temperature", "must be a number from 0 to 100, found \(show(value))")
            }
            result.temperature = number
        }
        if let value = fields["top_p"] {
            guard let number = value.numberValue, number.doubleValue > 0, number.doubleValue <= 1 else {
                throw fail(prefix + "top_p", "must be a number above 0 and at most 1, found \(show(value))")
            }
            result.topP = number
        }
        return result
    }

    /// Checks the sampling members only chat requests take: `seed` a whole number, `stop` a string or strings.
    private static func checkChatSampling(
        _ fields: JSONObject, file: String, caseKey: String?, prefix: String, fail given: ((String, String) -> LiftrecError)? = nil
    ) throws(LiftrecError) {
        let fail = given ?? { field, reason in .suite(file: file, caseKey: caseKey, field: field, reason: reason) }
        if let value = fields["seed"], !(value.numberValue?.isIntegral ?? false) {
            throw fail(prefix + "seed", "must be a whole number, found \(show(value))")
        }
        if let value = fields["stop"], value.stringValue == nil && !(value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false) {
            throw fail(prefix + "stop", "must be a string or an array of strings, found \(show(value))")
        }
    }

    private static func rejectUnknown(
        _ object: JSONObject, allowed: Set<String>, file: String, caseKey: String?, parent: String? = nil
    ) throws(LiftrecError) {
        for key in object.keys where !allowed.contains(key) {
            let hint = SpellingSuggestion.closest(to: key, among: allowed.sorted()).map { "; did you mean \(quoted($0))?" } ?? ""
            let field = parent.map { "\($0).\(key)" } ?? key
            throw .suite(file: file, caseKey: caseKey, field: field, reason: "unknown field\(hint)")
        }
    }

    private static func requiredString(_ object: JSONObject, _ field: String, file: String, caseKey: String?) throws(LiftrecError) -> String {
        guard let value = object[field] else {
            throw .suite(file: file, caseKey: caseKey, field: field, reason: "required field is missing")
        }
        guard let text = value.stringValue else {
            throw .suite(file: file, caseKey: caseKey, field: field, reason: "must be a string, found \(show(value))")
        }
        return text
    }

    /// A suite field given as one string or as an object of strings keyed by protocol name.
    private static func perProtocol(
        _ object: JSONObject, _ field: String, what: String, file: String
    ) throws(LiftrecError) -> (String?, [String: String]) {
        guard let value = object[field] else { return (nil, [:]) }
        let shape = "must be \(what), or an object of them keyed by protocol"
        if let text = value.stringValue {
            guard !text.isEmpty else { throw .suite(file: file, caseKey: nil, field: field, reason: "\(shape), found an empty string") }
            return (text, [:])
        }
        guard let members = value.objectValue else { throw .suite(file: file, caseKey: nil, field: field, reason: "\(shape), found \(show(value))") }
        var byProtocol: [String: String] = [:]
        for (name, item) in members.members {
            guard WireProtocols.named(name) != nil else {
                let known = WireProtocols.all.map { quoted($0.name) }.joined(separator: ", ")
                throw .suite(file: file, caseKey: nil, field: "\(field).\(name)", reason: "unknown protocol; use one of \(known)")
            }
            guard let text = item.stringValue, !text.isEmpty else {
                throw .suite(file: file, caseKey: nil, field: "\(field).\(name)", reason: "must be \(what), found \(show(item))")
            }
            byProtocol[name] = text
        }
        return (nil, byProtocol)
    }

    private static func optionalString(_ object: JSONObject, _ field: String, file: String) throws(LiftrecError) -> String? {
        guard let value = object[field] else { return nil }
        guard let text = value.stringValue else {
            throw .suite(file: file, caseKey: nil, field: field, reason: "must be a string, found \(show(value))")
        }
        return text
    }

    /// A short rendering of a wrong value for messages: its type, and its text when short.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text.count <= 40 ? quoted(text) : "a string"
        case .number(let number): return number.text.count <= 20 ? number.text : "a number"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
