/// Structural differences between two JSON values, for `liftrec diff`.
struct JSONDiff {
    private var tokens: [String] = []
    private var differences: [JSONDifference] = []
    private let ignored: Set<JSONPointer>

    private init(ignoring ignored: [JSONPointer]) {
        self.ignored = Set(ignored)
    }

    /// The differences from `old` to `new` in document order (old's members first, then members only in new),
    /// leaving out any at or under a pointer in `ignoring`. Arrays compare element by element by index;
    /// numbers compare by value; strings and member names by their exact characters (no Unicode normalisation).
    /// Recursion follows the values' nesting, which the parser bounds.
    static func differences(from old: JSONValue, to new: JSONValue, ignoring: [JSONPointer] = []) -> [JSONDifference] {
        var diff = JSONDiff(ignoring: ignoring)
        diff.compare(old, new)
        return diff.differences
    }

    private mutating func compare(_ old: JSONValue, _ new: JSONValue) {
        guard !isIgnored else { return }
        switch (old, new) {
        case (.object(let oldObject), .object(let newObject)):
            for (key, oldValue) in oldObject.members {
                tokens.append(key)
                if let newValue = newObject[key] {
                    compare(oldValue, newValue)
                } else {
                    record(.removed, old: oldValue, new: nil)
                }
                tokens.removeLast()
            }
            for (key, newValue) in newObject.members where oldObject[key] == nil {
                tokens.append(key)
                record(.added, old: nil, new: newValue)
                tokens.removeLast()
            }
        case (.array(let oldArray), .array(let newArray)):
            for index in 0..<max(oldArray.count, newArray.count) {
                tokens.append(String(index))
                switch (index < oldArray.count, index < newArray.count) {
                case (true, true): compare(oldArray[index], newArray[index])
                case (true, false): record(.removed, old: oldArray[index], new: nil)
                default: record(.added, old: nil, new: newArray[index])
                }
                tokens.removeLast()
            }
        case (.string(let oldString), .string(let newString)):
            if !oldString.unicodeScalars.elementsEqual(newString.unicodeScalars) { record(.changed, old: old, new: new) }
        case (.number(let oldNumber), .number(let newNumber)):
            if oldNumber != newNumber { record(.changed, old: old, new: new) }
        case (.bool(let oldFlag), .bool(let newFlag)):
            if oldFlag != newFlag { record(.changed, old: old, new: new) }
        case (.null, .null):
            break
        default:
            record(.typeChanged, old: old, new: new)
        }
    }

    private var isIgnored: Bool {
        !ignored.isEmpty && ignored.contains(JSONPointer(tokens: tokens))
    }

    private mutating func record(_ kind: JSONDifference.Kind, old: JSONValue?, new: JSONValue?) {
        guard !isIgnored else { return }
        differences.append(JSONDifference(pointer: JSONPointer(tokens: tokens), kind: kind, old: old, new: new))
    }
}
