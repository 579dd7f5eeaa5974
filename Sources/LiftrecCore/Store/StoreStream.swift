import Glibc

/// Reads a store file a piece at a time and hands over its entries in file order, so a command that looks at each
/// entry once holds a piece of the file, not the whole store.
///
/// A structural pass over each piece finds where the top-level members end, and each member is then parsed on its
/// own, on every core. What the pass cannot vouch for (a file that is not one plain object of distinct keys, a
/// journal laid over the file, a syntax error, a file cut short) is left to `Store.load`, which reads the whole file
/// again and words the error as every other command does. The file is read, never mapped, so a file truncated by
/// another process while it is read is a parse error, never a SIGBUS.
struct StoreStream {
    /// The file, absolute.
    let path: String
    /// How many bytes are read at a time; an entry larger than this is read on until it is whole.
    var pieceBytes = 4 << 20

    /// How a streamed read ended.
    enum Outcome: Equatable {
        /// Every entry was handed over; the file held this many.
        case streamed(entries: Int)
        /// There is no file (nor journal): the store is empty.
        case absent
        /// The file needs `Store.load`: everything handed over so far is to be discarded.
        case needsWholeFile
    }

    /// Applies `transform` to each entry (its position in the file and the entry) on every core, and gives `collect`
    /// the results of each piece in file order.
    func forEach<Output: Sendable>(
        _ transform: @Sendable (Int, Fixture) -> Output, collect: ([Output]) -> Void
    ) -> Outcome {
        if access(Journal.path(for: path), F_OK) == 0 { return .needsWholeFile }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .absent : .needsWholeFile }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              Int(status.st_size) <= min(JSONDocument.maximumSize, FileSystem.readLimit) else { return .needsWholeFile }

        var splitter = Splitter()
        var buffer: [UInt8] = []
        var seenKeys: Set<Int> = []
        var position = 0
        var total = 0
        while true {
            // A piece at least as large as what is carried over keeps the copying linear for an entry of any size.
            let wanted = max(pieceBytes, buffer.count)
            let read = Self.append(wanted, from: fd, to: &buffer)
            guard let read, read > 0 || !buffer.isEmpty || splitter.isFinished else { return .needsWholeFile }
            total += read
            guard total <= JSONDocument.maximumSize else { return .needsWholeFile }
            let members = buffer.withUnsafeBufferPointer { splitter.scan($0, atEnd: read == 0) }
            guard let members else { return .needsWholeFile }
            let bytes = buffer
            let first = position
            let entries = ParallelMap.map(Array(members.enumerated())) { offset, range -> (Int, Output)? in
                guard let fixture = Self.entry(bytes[range]) else { return nil }
                return (Self.keyHash(fixture.key), transform(first + offset, fixture))
            }
            var outputs: [Output] = []
            outputs.reserveCapacity(entries.count)
            for entry in entries {
                guard let (hash, output) = entry, seenKeys.insert(hash).inserted else { return .needsWholeFile }
                outputs.append(output)
            }
            position += outputs.count
            if !outputs.isEmpty { collect(outputs) }
            if read == 0 {
                return splitter.isFinished ? .streamed(entries: position) : .needsWholeFile
            }
            // What follows the last whole member is carried into the next piece.
            let kept = splitter.memberStart
            buffer.removeFirst(kept)
            splitter.memberStart = 0
            splitter.scanned -= kept
        }
    }

    // Reads up to `count` more bytes onto the end of `buffer`: how many, 0 at the end of the file, nil on an error.
    private static func append(_ count: Int, from fd: Int32, to buffer: inout [UInt8]) -> Int? {
        let start = buffer.count
        var failed = false
        buffer.append(contentsOf: repeatElement(0, count: count))
        var filled = 0
        buffer.withUnsafeMutableBytes { all in
            while filled < count {
                let got = Glibc.read(fd, all.baseAddress! + start + filled, count - filled)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failed = true }
                if got <= 0 { break }
                filled += got
            }
        }
        buffer.removeLast(count - filled)
        return failed ? nil : filled
    }

    // One member's text parsed on its own as the only member of an object: nil when it is not exactly one member.
    private static func entry(_ text: ArraySlice<UInt8>) -> Fixture? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + 2)
        bytes.append(UInt8(ascii: "{"))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "}"))
        guard let document = try? JSONDocument(bytes: bytes), document.root.count == 1,
              let (name, value) = document.root.members.first(where: { _ in true }), let key = name.stringValue
        else { return nil }
        return Fixture(key: key, entry: value)
    }

    // A repeated key in the file would need the whole file (its first position, its last value): a hash that repeats
    // sends the file there, a rare false alarm costing only time.
    private static func keyHash(_ key: String) -> Int {
        var hasher = Hasher()
        hasher.combine(JSONObject.Name(key))
        return hasher.finalize()
    }

    /// Finds the top-level members of one JSON object as its bytes arrive, tracking strings and nesting only: the
    /// members' own grammar is the parser's to check.
    struct Splitter {
        /// Where the member being read starts in the buffer.
        var memberStart = 0
        /// How far the buffer has been scanned.
        var scanned = 0
        /// True once the object's closing brace has been read.
        private(set) var isFinished = false
        private var started = false
        private var depth = 0
        private var inString = false
        private var escaped = false
        private var members = 0

        /// The byte ranges of the members that end in `bytes[scanned...]`, or nil when the bytes cannot be one object
        /// of members; `atEnd` says no more bytes follow.
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> [Range<Int>]? {
            var found: [Range<Int>] = []
            var index = scanned
            let end = bytes.count
            let base = bytes.baseAddress!
            while index < end {
                if inString {
                    if escaped {
                        escaped = false
                        index += 1
                        continue
                    }
                    // Most of a store is string text: it is skipped a word at a time up to the next quote or backslash.
                    while index + 8 <= end {
                        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                        let quotes = word ^ 0x2222_2222_2222_2222
                        let slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
                        let hit = ((quotes &- 0x0101_0101_0101_0101) & ~quotes | (slashes &- 0x0101_0101_0101_0101) & ~slashes) & 0x8080_8080_8080_8080
                        if hit != 0 { break }
                        index += 8
                    }
                    guard index < end else { break }
                    let byte = base[index]
                    if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    index += 1
                    continue
                }
                let byte = base[index]
                let isBlank = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
                if isFinished {
                    guard isBlank else { return nil }
                } else if !started {
                    guard isBlank || byte == UInt8(ascii: "{") else { return nil }
                    if !isBlank {
                        started = true
                        depth = 1
                        memberStart = index + 1
                    }
                } else {
                    switch byte {
                    case UInt8(ascii: "\""):
                        inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            guard byte == UInt8(ascii: "}") else { return nil }
                            let blank = Self.isBlank(bytes, memberStart..<index)
                            // Only `{}` may have nothing between its braces; `{"a": 1,}` may not.
                            guard !blank || members == 0 else { return nil }
                            if !blank { found.append(memberStart..<index) }
                            isFinished = true
                            memberStart = index + 1
                        }
                    case UInt8(ascii: ","):
                        if depth == 1 {
                            guard !Self.isBlank(bytes, memberStart..<index) else { return nil }
                            found.append(memberStart..<index)
                            members += 1
                            memberStart = index + 1
                        }
                    default:
                        break
                    }
                }
                index += 1
            }
            scanned = index
            if atEnd && !isFinished { return nil }
            return found
        }

        private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        }
    }
}
