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
    var pieceBytes = 1 << 20

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
            // Each run is parsed and checked where it lies; the positions follow once the runs' sizes are known.
            let runs = ParallelMap.map(members) { range -> [(hash: Int, fixture: Fixture)]? in
                Self.entries(bytes[range])?.map { (Self.keyHash($0.key), $0) }
            }
            var numbered: [(Int, Fixture)] = []
            for run in runs {
                guard let run else { return .needsWholeFile }
                for entry in run {
                    guard seenKeys.insert(entry.hash).inserted else { return .needsWholeFile }
                    numbered.append((first + numbered.count, entry.fixture))
                }
            }
            let outputs = ParallelMap.map(numbered) { transform($0, $1) }
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

    // One run of members parsed on its own as an object: nil when it is not one or more members.
    private static func entries(_ text: ArraySlice<UInt8>) -> [Fixture]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count + 2)
        bytes.append(UInt8(ascii: "{"))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "}"))
        guard let document = try? JSONDocument(bytes: bytes), document.root.count > 0 else { return nil }
        var fixtures: [Fixture] = []
        fixtures.reserveCapacity(document.root.count)
        for (name, value) in document.root.members {
            guard let key = name.stringValue else { return nil }
            fixtures.append(Fixture(key: key, entry: value))
        }
        return fixtures
    }

    // A repeated key in the file would need the whole file (its first position, its last value): a hash that repeats
    // sends the file there, a rare false alarm costing only time.
    private static func keyHash(_ key: String) -> Int {
        var hasher = Hasher()
        hasher.combine(JSONObject.Name(key))
        return hasher.finalize()
    }

    /// Finds runs of whole top-level members of one JSON object as its bytes arrive, by the one mark a store written
    /// by Python or liftrec puts between them: `,`, a newline, two spaces and a quote.
    ///
    /// A newline cannot stand inside a JSON string and every nested member is indented further, so in a valid file
    /// the mark falls only between top-level members; a mark found anywhere else splits a container and its run fails
    /// to parse. A store laid out otherwise has no marks: it comes through as one run, read whole.
    struct Splitter {
        /// Where the run being read starts in the buffer.
        var memberStart = 0
        /// How far the buffer has been searched.
        var scanned = 0
        /// True once the object's closing brace has been read.
        private(set) var isFinished = false
        private var started = false

        private static let mark: [UInt8] = Array(",\n  \"".utf8)

        /// The byte ranges of the runs of members that end in the searched bytes, or nil when the bytes cannot be one
        /// object; `atEnd` says no more bytes follow.
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> [Range<Int>]? {
            var found: [Range<Int>] = []
            if !started {
                var index = scanned
                while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
                scanned = index
                guard index < bytes.count else { return atEnd ? nil : found }
                guard bytes[index] == UInt8(ascii: "{") else { return nil }
                started = true
                memberStart = index + 1
                scanned = index + 1
            }
            let base = bytes.baseAddress!
            // A mark may straddle the end of the last piece: the search backs up over its first bytes.
            var index = max(memberStart, scanned - (Self.mark.count - 1))
            while index + Self.mark.count <= bytes.count {
                guard let hit = memchr(base + index, 0x2C, bytes.count - index) else { break }
                // Safe: memchr returns a pointer into `bytes`, a [UInt8] bound to UInt8.
                let comma = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                guard comma + Self.mark.count <= bytes.count else { break }
                if base[comma + 1] == 0x0A, base[comma + 2] == 0x20, base[comma + 3] == 0x20, base[comma + 4] == 0x22 {
                    found.append(memberStart..<comma)
                    memberStart = comma + 1
                }
                index = comma + 1
            }
            scanned = bytes.count
            guard atEnd else { return found }
            // The last run ends at the closing brace, after which only blanks may follow.
            var end = bytes.count
            while end > memberStart, Self.isBlank(bytes[end - 1]) { end -= 1 }
            guard end > memberStart, bytes[end - 1] == UInt8(ascii: "}") else { return nil }
            let last = memberStart..<(end - 1)
            // Only `{}` may have nothing between its braces.
            if !bytes[last].allSatisfy(Self.isBlank) {
                found.append(last)
            } else if !found.isEmpty {
                return nil
            }
            isFinished = true
            memberStart = end
            return found
        }

        private static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }
    }
}
