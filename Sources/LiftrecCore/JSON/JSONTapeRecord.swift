/// One value of a `JSONDocument`'s tape in eight bytes: its kind and length, and either where its text starts in the
/// document's bytes (scalars and strings) or where the next value after everything inside it starts on the tape
/// (arrays and objects).
struct JSONTapeRecord: Sendable {
    /// The kind of value a record holds.
    enum Kind: UInt8, Sendable {
        case null, `false`, `true`, number, string, escapedString, array, object
    }

    /// The largest length a record holds: bytes of a number or string, elements or members of a container.
    static let maximumLength = (1 << 29) - 1

    // The kind in the top three bits, the length below them.
    private var kindAndLength: UInt32
    // A scalar's start offset, or a container's next tape index.
    private var payload: UInt32

    /// A scalar or string whose text is `length` bytes from `start`.
    init(kind: Kind, start: Int, length: Int) {
        kindAndLength = UInt32(kind.rawValue) << 29 | UInt32(length)
        payload = UInt32(start)
    }

    /// An open container, whose count and end are filled in by `close(count:next:)`.
    init(container kind: Kind) {
        kindAndLength = UInt32(kind.rawValue) << 29
        payload = 0
    }

    var kind: Kind {
        // Three bits hold 0 through 7, and `Kind` has a case for each, so every pattern is a valid kind.
        unsafeBitCast(UInt8(truncatingIfNeeded: kindAndLength >> 29), to: Kind.self)
    }

    /// Bytes of a number or of a string's source text between the quotes; elements or members of a container.
    var length: Int { Int(kindAndLength & UInt32(Self.maximumLength)) }

    /// Byte offset of a number's first byte or of a string's first byte after the quote.
    var start: Int { Int(payload) }

    /// True for arrays and objects.
    var isContainer: Bool { kindAndLength >> 29 >= UInt32(Kind.array.rawValue) }

    /// The tape index just past this value, which sits at `index`, and everything inside it.
    @inline(__always)
    func next(from index: Int) -> Int {
        isContainer ? Int(payload) : index + 1
    }

    /// Records a container's element or member count and the tape index just past its contents.
    mutating func close(count: Int, next: Int) {
        kindAndLength = kindAndLength & ~UInt32(Self.maximumLength) | UInt32(count)
        payload = UInt32(next)
    }
}
