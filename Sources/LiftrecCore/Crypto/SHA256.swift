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

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

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
        Self.roundConstants.withUnsafeBufferPointer { k in
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
