/// Decodes a chunked request body (RFC 9112 §7.1) incrementally; chunk extensions and trailer fields are accepted and dropped.
struct ChunkedBodyDecoder {
    /// What one call to `decode` reached.
    enum Outcome: Equatable {
        /// The body continues in bytes not received yet.
        case needMore
        /// The last chunk and the trailer section are complete.
        case done
        /// The encoding is broken or over a limit.
        case rejected(RequestRejection)
    }

    // `scanned` counts the bytes of the current line already searched for its LF, so a line arriving in pieces is searched once.
    private enum State {
        case size(scanned: Int)
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int, scanned: Int)
    }

    /// The longest chunk-size line, extensions included.
    static let maxSizeLine = 4096
    private static let maxSizeDigits = 15

    private var state = State.size(scanned: 0)

    /// Decodes from the start of `input` into `body`; returns how many bytes were used and where decoding stands.
    mutating func decode(
        _ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], maxBody: Int, maxTrailers: Int
    ) -> (consumed: Int, outcome: Outcome) {
        var position = 0
        // Every pass consumes at least one byte or returns, so input.count + 1 passes always suffice.
        for _ in 0...input.count {
            switch state {
            case .size(var scanned):
                switch Self.line(in: input, from: position, room: Self.maxSizeLine + 2, scanned: &scanned) {
                case .incomplete:
                    state = .size(scanned: scanned)
                    return (position, .needMore)
                case .tooLong:
                    return (position, .rejected(.malformed("chunk size line longer than \(Self.maxSizeLine) bytes")))
                case .bareLineFeed:
                    return (position, .rejected(Self.bareLineFeed))
                case .complete(let end, let next):
                    switch Self.chunkSize(UnsafeBufferPointer(rebasing: input[position..<end])) {
                    case nil:
                        return (position, .rejected(.malformed("chunk size line \(RequestRejection.quoted(input[position..<end])) is not hexadecimal")))
                    case let size? where size > maxBody - body.count:
                        return (position, .rejected(.bodyTooLarge(limit: maxBody)))
                    case let size?:
                        position = next
                        state = size == 0 ? .trailers(bytes: 0, scanned: 0) : .data(remaining: size)
                    }
                }
            case .data(let remaining):
                let take = min(remaining, input.count - position)
                guard take > 0 else { return (position, .needMore) }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[position..<(position + take)]))
                position += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard input.count - position >= 2 else { return (position, .needMore) }
                guard input[position] == UInt8(ascii: "\r"), input[position + 1] == UInt8(ascii: "\n") else {
                    return (position, .rejected(.malformed("chunk data is not followed by CRLF; check the chunk sizes")))
                }
                position += 2
                state = .size(scanned: 0)
            case .trailers(let bytes, var scanned):
                // Like the header section, the trailer section's limit counts every line's CRLF, the empty line's included.
                switch Self.line(in: input, from: position, room: maxTrailers - bytes, scanned: &scanned) {
                case .incomplete:
                    state = .trailers(bytes: bytes, scanned: scanned)
                    return (position, .needMore)
                case .tooLong:
                    return (position, .rejected(.headersTooLarge(limit: maxTrailers)))
                case .bareLineFeed:
                    return (position, .rejected(Self.bareLineFeed))
                case .complete(let end, let next):
                    let isLast = end == position
                    state = isLast ? .size(scanned: 0) : .trailers(bytes: bytes + next - position, scanned: 0)
                    position = next
                    if isLast { return (position, .done) }
                }
            }
        }
        return (position, .needMore)
    }

    private enum Line {
        case incomplete
        case complete(end: Int, next: Int)
        case tooLong
        case bareLineFeed
    }

    private static let bareLineFeed = RequestRejection.malformed("a chunk line ends with a bare LF; end lines with CRLF")

    // Finds the CRLF ending the line that starts at `start` within `room` bytes, CRLF included; `end` is the index of its CR.
    // Only the first `room` bytes are looked at, so a long line is refused the same way whether or not an LF follows later.
    private static func line(in input: UnsafeBufferPointer<UInt8>, from start: Int, room: Int, scanned: inout Int) -> Line {
        let searchEnd = min(input.count, start + max(room, 0))
        guard let newline = input[min(start + scanned, searchEnd)..<searchEnd].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = searchEnd - start
            return scanned >= room ? .tooLong : .incomplete
        }
        guard newline > start, input[newline - 1] == UInt8(ascii: "\r") else { return .bareLineFeed }
        return .complete(end: newline - 1, next: newline + 1)
    }

    // The size in a chunk-size line, ignoring extensions; nil when malformed; Int.max when too large to matter.
    private static func chunkSize(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var size = 0
        var digits = 0
        var index = 0
        while index < line.count, let value = hexValue(line[index]) {
            if digits < maxSizeDigits { size = size * 16 + value } else { size = Int.max }
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        while index < line.count, line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") { index += 1 }
        guard index == line.count || line[index] == UInt8(ascii: ";") else { return nil }
        let extensionsValid = line[index...].allSatisfy { $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }
        return extensionsValid ? size : nil
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }
}
