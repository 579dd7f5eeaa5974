/// The code each fuzz target runs on one input, shared by the libFuzzer builds in `scripts/fuzz` and the tests that replay their seed corpora.
///
/// Inputs that carry two parts (regex pattern and text, schema and instance) or a list (command-line words)
/// separate them with NUL bytes. A target traps only through a bug in the code it drives; properties it
/// checks beyond "no trap" are returned as a description, which the fuzzer turns into a crash.
public enum FuzzEntry: String, CaseIterable, Sendable {
    /// `JSONParser` on the input; a parsed value must survive the compact and pretty writers unchanged.
    case json
    /// `HTTPRequestParser` on the input with small limits, read whole, byte by byte and in seeded splits; all must agree.
    case http
    /// `RegexPattern` compiled from the part before the first NUL and searched in the part after it.
    case regex
    /// `CompiledSchema` compiled from the JSON before the first NUL, validating the JSON after it.
    case schema
    /// `SuiteLoader` building a suite from the input as a suite file's text.
    case suite
    /// `CommandLineInterface.resolve` on the NUL-separated words of the input.
    case arguments

    /// Runs the target on `input`; returns a description of a broken property, or nil.
    public func run(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        switch self {
        case .json: Self.json(input)
        case .http: Self.http(input)
        case .regex: Self.regex(input)
        case .schema: Self.schema(input)
        case .suite: Self.suite(input)
        case .arguments: Self.arguments(input)
        }
    }

    private static func json(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let document = try? JSONDocument(bytes: Array(input))
        guard let value = try? JSONParser.parse(UnsafeRawBufferPointer(input)) else {
            return document == nil ? nil : "a JSONDocument accepts what JSONParser refuses"
        }
        // The document read in place must give what the tree gives, in every form and as a store.
        guard let document else { return "a JSONDocument refuses what JSONParser accepts" }
        guard document.root.value == value else { return "the document's value differs from the parser's" }
        if JSONWriter.pretty(document.root) != JSONWriter.pretty(value) { return "pretty from the document differs from pretty from the tree" }
        if (try? JSONWriter.canonical(document.root)) != (try? JSONWriter.canonical(value)) {
            return "canonical from the document differs from canonical from the tree"
        }
        if let object = value.objectValue, let store = try? Store.parse(Array(input), path: "/fuzz", display: "fuzz"),
           store.encoded() != JSONWriter.pretty(.object(object)) + Array("\n".utf8) {
            return "a store written from the document differs from the tree written as Python would"
        }
        for (form, bytes) in [("compact", JSONWriter.compact(value)), ("pretty", JSONWriter.pretty(value))] {
            guard let again = try? JSONParser.parse(bytes), again == value else {
                return "the \(form) form \(String(decoding: bytes, as: UTF8.self).debugDescription) does not parse back to the value parsed"
            }
        }
        if let canonical = try? JSONWriter.canonical(value), (try? JSONParser.parse(canonical)) == nil {
            return "the canonical form \(String(decoding: canonical, as: UTF8.self).debugDescription) does not parse"
        }
        return nil
    }

    // Limits small enough that short inputs reach every boundary.
    private static let httpLimits = HTTPRequestParser.Limits(requestLine: 64, headers: 256, body: 1024)

    private static func http(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        // Seeds come from the input, so a crash reproduces from its file alone.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return HTTPParseVerdict.segmentationDifference(Array(input), limits: httpLimits, seeds: [hash, hash &+ 1])
    }

    private static func regex(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let (pattern, text) = halves(input)
        guard let compiled = try? RegexPattern(pattern) else { return nil }
        _ = compiled.search(text)
        if let generator = RegexExampleGenerator(pattern) {
            var random = SplitMix64(seed: UInt64(input.count))
            _ = compiled.search(generator.example(length: text.unicodeScalars.count, preferred: Array(text.unicodeScalars), &random))
        }
        return nil
    }

    private static func schema(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let (schemaText, instanceText) = halves(input)
        guard let document = try? JSONParser.parse(schemaText), let instance = try? JSONParser.parse(instanceText) else { return nil }
        do {
            let schema = try CompiledSchema(document)
            let violations = schema.validate(instance).map(String.init(describing:))
            // The instance read in place must fail in exactly the same ways as its tree.
            if let inPlace = try? JSONDocument(instanceText), schema.validate(inPlace.root).map(String.init(describing:)) != violations {
                return "validating the instance in place differs from validating its tree"
            }
        } catch {
            _ = error.description
        }
        return nil
    }

    private static func suite(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        guard let document = try? JSONDocument(bytes: Array(input), rejectingRepeatedNames: true) else { return nil }
        var loader = SuiteLoader(root: "/nonexistent/liftrec-fuzz")
        do {
            // The suite's own name, so that inputs get past the check that it matches the file's.
            _ = try loader.build(document, name: document.root["name"]?.stringValue ?? "fuzz")
        } catch {
            _ = error.message
        }
        return nil
    }

    private static func arguments(_ input: UnsafeBufferPointer<UInt8>) -> String? {
        let words = input.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        do {
            _ = try CommandLineInterface.resolve(words)
        } catch {
            _ = error.message
        }
        return nil
    }

    // The text before the first NUL and the text after it (empty when there is no NUL).
    private static func halves(_ input: UnsafeBufferPointer<UInt8>) -> (String, String) {
        let split = input.firstIndex(of: 0) ?? input.count
        return (
            String(decoding: input[..<split], as: UTF8.self),
            String(decoding: input[min(split + 1, input.count)...], as: UTF8.self)
        )
    }
}
