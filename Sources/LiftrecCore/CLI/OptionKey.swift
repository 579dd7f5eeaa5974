/// One option together with the Swift type its value reads as, so that `arguments[.maxAge]` is a `Double?` and
/// reading a flag as text does not compile.
///
/// Keys are made only by the factories below, each of which pairs a value kind the parser checks with the one
/// conversion of that kind's checked values; an option with a default reads as a non-optional value, taken from the
/// default its spec states, so no caller supplies a default of its own.
struct OptionKey<Value: Sendable>: Sendable {
    /// The spelling, value kind, default and help the parser and help text use.
    let spec: OptionSpec
    private let read: @Sendable ([OptionValue]) -> Value

    private init(_ spec: OptionSpec, read: @escaping @Sendable ([OptionValue]) -> Value) {
        self.spec = spec
        self.read = read
    }

    /// The value of this option given `given`, its checked values in command-line order (empty when absent).
    func value(given: [OptionValue]) -> Value {
        read(given)
    }

    // The parser checked every value with `spec.kind`, which the factory paired with `convert`: a value it cannot
    // convert is a bug in this file, not an input error.
    private static func converted<Part>(_ value: OptionValue, _ spec: OptionSpec, _ convert: (OptionValue) -> Part?) -> Part {
        guard let part = convert(value) else { preconditionFailure("\(spec.spelling) holds \(value), which its kind \(spec.kind) never yields") }
        return part
    }

    /// A key for at most one value, nil when the option is absent.
    private static func optional<Part>(_ spec: OptionSpec, _ convert: @escaping @Sendable (OptionValue) -> Part?) -> OptionKey<Part?> {
        OptionKey<Part?>(spec) { given in given.last.map { converted($0, spec, convert) } }
    }

    /// A key for one value that reads as the spec's default when the option is absent.
    private static func defaulted<Part>(_ spec: OptionSpec, _ convert: @escaping @Sendable (OptionValue) -> Part?) -> OptionKey<Part> {
        guard let text = spec.defaultValue, let value = spec.kind.value(from: text) else {
            preconditionFailure("\(spec.spelling) has no default of its kind \(spec.kind)")
        }
        let fallback = converted(value, spec, convert)
        return OptionKey<Part>(spec) { given in given.last.map { converted($0, spec, convert) } ?? fallback }
    }
}

extension OptionKey where Value == Bool {
    /// An option that takes no value and reads as whether it was given.
    static func flag(_ name: String, shortName: Character? = nil, help: String) -> Self {
        Self(.flag(name, shortName: shortName, help: help)) { !$0.isEmpty }
    }
}

extension OptionKey where Value == String? {
    /// Any non-empty text.
    static func text(_ name: String, placeholder: String, help: String) -> Self {
        optional(.value(name, .string, placeholder: placeholder, help: help), \.text)
    }
}

extension OptionKey where Value == String {
    /// Any non-empty text, `defaultValue` when absent.
    static func text(_ name: String, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .string, placeholder: placeholder, defaultValue: defaultValue, help: help), \.text)
    }
}

extension OptionKey where Value == [String] {
    /// Non-empty texts, the option repeatable, in command-line order.
    static func texts(_ name: String, placeholder: String, help: String) -> Self {
        let spec = OptionSpec.value(name, .string, placeholder: placeholder, isRepeatable: true, help: help)
        return Self(spec) { given in given.map { converted($0, spec, \.text) } }
    }
}

extension OptionKey where Value == Int? {
    /// A whole number inside `range`.
    static func integer(_ name: String, _ range: ClosedRange<Int>, placeholder: String, help: String) -> Self {
        optional(.value(name, .integer(range), placeholder: placeholder, help: help), \.integer)
    }
}

extension OptionKey where Value == Int {
    /// A whole number inside `range`, `defaultValue` when absent.
    static func integer(_ name: String, _ range: ClosedRange<Int>, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .integer(range), placeholder: placeholder, defaultValue: defaultValue, help: help), \.integer)
    }
}

extension OptionKey where Value == Double? {
    /// A non-negative decimal number.
    static func decimal(_ name: String, placeholder: String, help: String) -> Self {
        optional(.value(name, .decimal, placeholder: placeholder, help: help), \.decimal)
    }

    /// A duration, in seconds.
    static func duration(_ name: String, placeholder: String, help: String) -> Self {
        optional(.value(name, .duration, placeholder: placeholder, help: help), \.duration)
    }
}

extension OptionKey where Value == Double {
    /// A non-negative decimal number, `defaultValue` when absent.
    static func decimal(_ name: String, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .decimal, placeholder: placeholder, defaultValue: defaultValue, help: help), \.decimal)
    }

    /// A time limit in seconds, `defaultValue` when absent.
    static func timeLimit(_ name: String, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .timeLimit, placeholder: placeholder, defaultValue: defaultValue, help: help), \.decimal)
    }
}

extension OptionKey where Value == (index: Int, count: Int)? {
    /// A shard `I/N`.
    static func shard(_ name: String, placeholder: String, help: String) -> Self {
        optional(.value(name, .shard, placeholder: placeholder, help: help), \.shard)
    }
}

extension OptionKey where Value == ReplayLatency {
    /// A replay delay, `defaultValue` when absent.
    static func latency(_ name: String, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .latency, placeholder: placeholder, defaultValue: defaultValue, help: help), \.latency)
    }
}

extension OptionKey where Value == ReplayStreamTiming {
    /// A stream's pace, `defaultValue` when absent.
    static func streamTiming(_ name: String, placeholder: String, defaultValue: String, help: String) -> Self {
        defaulted(.value(name, .streamTiming, placeholder: placeholder, defaultValue: defaultValue, help: help), \.streamTiming)
    }
}

extension OptionKey where Value: CaseIterable & RawRepresentable<String> {
    /// One of the enum's cases, written as its raw value and shown as `a|b|c` in the order the cases are declared,
    /// `defaultValue` when absent.
    static func choice(_ name: String, defaultValue: Value, help: String) -> Self {
        let spec = OptionSpec.choice(name, Value.allCases.map(\.rawValue), defaultValue: defaultValue.rawValue, help: help)
        return defaulted(spec) { $0.text.flatMap(Value.init(rawValue:)) }
    }
}
