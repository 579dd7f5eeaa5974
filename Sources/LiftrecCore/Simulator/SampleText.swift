/// Plausible words for sampled strings, built from the name of the member they fill.
enum SampleText {
    private static let connectors = ["of", "for", "describing", "covering", "about"]
    private static let adjectives = ["requested", "given", "current", "expected", "main", "input", "sorted", "valid"]
    private static let nouns = ["function", "value", "list", "operation", "result", "record", "item", "element", "input"]
    private static let verbs = ["compute", "find", "parse", "build", "check", "merge", "sort", "count", "load", "format"]
    private static let typeHints = ["int", "str", "bool", "float", "list[int]", "dict[str, int]", "Optional[str]", "None"]
    private static let languages = ["python", "typescript", "rust", "go"]
    private static let predicates = ["x >= 0", "result is not None", "len(items) > 0", "a + b == result", "index < len(items)"]

    /// The lowercase words of a member name: `type_hint`, `typeHint` and `type-hint` all give `type`, `hint`.
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for scalar in name.unicodeScalars {
            let isUpper = ("A"..."Z").contains(scalar)
            let isWordScalar = isUpper || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if !isWordScalar || (isUpper && previousWasLower) {
                if !current.isEmpty { words.append(current) }
                current = ""
            }
            if isWordScalar {
                current.unicodeScalars.append(isUpper ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar)
            }
            previousWasLower = !isUpper && isWordScalar
        }
        if !current.isEmpty { words.append(current) }
        return words.prefix(4).map { String($0.prefix(20)) }
    }

    /// Four random lowercase hex digits that make different samples visibly different.
    static func tag(_ random: inout SplitMix64) -> String {
        let hex = String(random.int(in: 0...0xFFFF), radix: 16)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// A snake_case identifier such as `compute_value`.
    static func identifier(_ random: inout SplitMix64) -> String {
        let verb = random.element(of: verbs) ?? "compute"
        let noun = random.element(of: nouns) ?? "value"
        return "\(verb)_\(noun)"
    }

    /// A value typical for a member of this name, shortened to the member's words and a tag when
    /// `maximum` is too small for the full value.
    static func value(for name: String, maximum: Int?, _ random: inout SplitMix64) -> String {
        let full = value(for: name, &random)
        guard let maximum, full.unicodeScalars.count > maximum else { return full }
        let short = (words(of: name).prefix(1) + [tag(&random)]).joined(separator: " ")
        return short.unicodeScalars.count <= maximum ? short : tag(&random)
    }

    /// A value typical for a member of this name, such as a type hint for `type_hint`.
    static func value(for name: String, _ random: inout SplitMix64) -> String {
        let words = words(of: name)
        let last = words.last ?? ""
        if words.contains("type") || last == "returns" { return random.element(of: typeHints) ?? "int" }
        if last == "name" || last == "identifier" || last == "id" { return identifier(&random) }
        if last == "language" { return random.element(of: languages) ?? "python" }
        if last == "predicate" || last == "condition" { return random.element(of: predicates) ?? "x >= 0" }
        if last == "path" { return "src/\(identifier(&random))_\(tag(&random)).py" }
        return sentence(for: words, &random)
    }

    /// A short sentence about a member, such as `Summary of the requested function 3f2a`.
    static func sentence(for words: [String], _ random: inout SplitMix64) -> String {
        var subject = words.isEmpty ? "Value" : words.joined(separator: " ")
        if let first = subject.unicodeScalars.first, ("a"..."z").contains(first) {
            subject = String(Character(Unicode.Scalar(first.value - 0x20) ?? first)) + subject.dropFirst()
        }
        let connector = random.element(of: connectors) ?? "of"
        let adjective = random.element(of: adjectives) ?? "given"
        let noun = random.element(of: nouns) ?? "value"
        return "\(subject) \(connector) the \(adjective) \(noun) \(tag(&random))"
    }

    /// One more filler word for padding text to a minimum length.
    static func filler(_ random: inout SplitMix64) -> String {
        random.element(of: random.chance(50) ? nouns : adjectives) ?? "value"
    }

    /// `text` padded with words and cut so its length in code points lies in `minimum...maximum` when possible.
    static func fitted(_ text: String, minimum: Int, maximum: Int?, _ random: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        let target = max(minimum, 0)
        var previous = ""
        while scalars.count < target {
            if !scalars.isEmpty { scalars.append(" ") }
            var word = filler(&random)
            if word == previous { word = filler(&random) }
            scalars.append(contentsOf: word.unicodeScalars)
            previous = word
        }
        if let maximum, scalars.count > maximum {
            scalars.removeLast(scalars.count - max(maximum, 0))
            // A cut that ends on a space would look truncated; a full stop reads as finished.
            if let last = scalars.last, last == " " { scalars[scalars.count - 1] = "." }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
