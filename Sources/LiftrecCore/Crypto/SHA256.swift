import CSHA256

/// An incremental SHA-256 hasher (FIPS 180-4), using the CPU's SHA instructions when it has them.
struct SHA256: Sendable {
    // The eight state words and the bytes not yet forming a whole 64-byte block are held inline, so hashing a short
    // string allocates nothing but its result.
    private var state: SIMD8<UInt32>
    private var pending = SIMD64<UInt8>()
    // How many of `pending`'s bytes are waiting; always fewer than 64.
    private var pendingCount = 0
    private var byteCount: UInt64 = 0
    /// Forces the portable Swift compression, so tests can check it on CPUs that have SHA instructions.
    var portableOnly = false

    private static let blockSize = 64

    private static let initialState = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    // The 64 round constants, from the C table the hardware path uses too: a constant array, never written.
    private static var roundConstants: UnsafeBufferPointer<UInt32> {
        UnsafeBufferPointer(start: liftrec_sha256_round_constants(), count: 64)
    }

    /// A hasher that has consumed no bytes yet.
    init() {
        state = Self.initialState
    }

    /// Feeds `bytes` into the hash.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(bytes.count)
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        if pendingCount > 0 {
            let taken = min(remaining, Self.blockSize - pendingCount)
            let start = pendingCount
            withUnsafeMutableBytes(of: &pending) { (pending: UnsafeMutableRawBufferPointer) in
                (pending.baseAddress! + start).copyMemory(from: source, byteCount: taken)
            }
            pendingCount += taken
            source += taken
            remaining -= taken
            guard pendingCount == Self.blockSize else { return }
            let block = pending
            withUnsafeBytes(of: block) { compress($0) }
            pendingCount = 0
        }
        let wholeBlocks = remaining / Self.blockSize * Self.blockSize
        if wholeBlocks > 0 {
            compress(UnsafeRawBufferPointer(start: source, count: wholeBlocks))
            source += wholeBlocks
            remaining -= wholeBlocks
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: source, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// Feeds `bytes` into the hash.
    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds ASCII text into the hash.
    mutating func update(_ text: StaticString) {
        update(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// The 32-byte digest of everything fed so far; the hasher itself is left unchanged.
    func finalize() -> [UInt8] {
        let words = finalState()
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            for index in 0..<8 {
                let word = words[index]
                digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
                digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
                digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
                digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
            }
            initialized = 32
        }
    }

    /// The digest of everything fed so far as 64 lowercase hex digits; the hasher itself is left unchanged.
    func finalizeHex() -> String {
        finalizeDigest().hex
    }

    /// The digest of everything fed so far as a value; the hasher itself is left unchanged.
    func finalizeDigest() -> SHA256Digest {
        SHA256Digest(words: finalState())
    }

    /// The SHA-256 digest of `bytes` as a value.
    static func digest(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeDigest()
    }

    // The state after the padding and length that end the message.
    private func finalState() -> SIMD8<UInt32> {
        var copy = self
        let bitLength = byteCount &* 8
        let paddingLength = (pendingCount < 56 ? 56 : 120) - pendingCount
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: paddingLength + 8) { padding in
            padding.initialize(repeating: 0)
            padding[0] = 0x80
            for shift in 0..<8 {
                padding[paddingLength + shift] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(shift)))
            }
            copy.update(UnsafeRawBufferPointer(padding))
        }
        return copy.state
    }

    /// The 32-byte SHA-256 digest of `bytes`.
    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
    static func hexDigest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// `bytes` as lowercase hex, two digits per byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ constantPlusWord: UInt32
    ) {
        let sum1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
        let choice = (e & f) ^ (~e & g)
        let t1 = h &+ sum1 &+ choice &+ constantPlusWord
        let sum0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
        let majority = (a & b) ^ (a & c) ^ (b & c)
        d &+= t1
        h = t1 &+ sum0 &+ majority
    }

    /// True when the CPU's SHA instructions do the compression.
    static let usesHardware = liftrec_sha256_hardware_available() == 1

    // Processes whole 64-byte blocks; `blocks.count` is a multiple of 64.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        if Self.usesHardware, !portableOnly, let base = blocks.baseAddress {
            // Safe: `state` is a SIMD8<UInt32>, eight contiguous UInt32s, and `blocks` views [UInt8] or string bytes.
            withUnsafeMutableBytes(of: &state) { words in
                liftrec_sha256_hardware_blocks(
                    words.baseAddress!.assumingMemoryBound(to: UInt32.self), base.assumingMemoryBound(to: UInt8.self), blocks.count / Self.blockSize
                )
            }
            return
        }
        portableCompress(blocks)
    }

    // The same compression in portable Swift, for CPUs without SHA instructions (and to check the hardware path).
    private mutating func portableCompress(_ blocks: UnsafeRawBufferPointer) {
        var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
        var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
        do {
            let k = Self.roundConstants
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var offset = 0
                while offset < blocks.count {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3)
                        let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per pass with the roles of the working variables rotated, so no values are shuffled.
                    var t = 0
                    while t < 64 {
                        Self.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        Self.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        Self.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        Self.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        Self.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        Self.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        Self.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        Self.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                    offset += Self.blockSize
                }
            }
        }
        state[0] = h0; state[1] = h1; state[2] = h2; state[3] = h3
        state[4] = h4; state[5] = h5; state[6] = h6; state[7] = h7
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
