import Testing
@testable import LiftrecCore

@Suite struct SHA256Tests {
    private func digest(_ text: String) -> String {
        SHA256.hexDigest(Array(text.utf8))
    }

    @Test func matchesFIPSShortMessages() {
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func matchesFIPSMultiBlockMessages() {
        #expect(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func millionAsInUnevenChunksMatchesOneShot() {
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < million.count {
            let end = min(million.count, offset + chunk)
            hasher.update(Array(million[offset..<end]))
            offset = end
            chunk = chunk * 3 % 997 + 1
        }
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hex(hasher.finalize()) == expected)
        #expect(SHA256.hexDigest(million) == expected)
    }

    // Digests computed once with Python's hashlib over bytes (i * 7 + 3) % 256.
    @Test(arguments: [
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
        (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
    ])
    func matchesHashlibAtPaddingBoundaries(length: Int, expected: String) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        #expect(SHA256.hexDigest(bytes) == expected)
        var split = SHA256()
        split.update(Array(bytes.prefix(length / 2)))
        split.update(Array(bytes.dropFirst(length / 2)))
        #expect(SHA256.hex(split.finalize()) == expected)
    }

    @Test func finalizeLeavesHasherUsable() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        _ = hasher.finalize()
        hasher.update(Array("c".utf8))
        #expect(SHA256.hex(hasher.finalize()) == digest("abc"))
    }

    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 200])
    func hexDigestIsTheDigestInHex(_ length: Int) {
        var hasher = SHA256()
        hasher.update([UInt8]((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        #expect(hasher.finalizeHex() == SHA256.hex(hasher.finalize()))
    }

    @Test func hexUsesTwoLowercaseDigitsPerByte() {
        #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hash([]).count == 32)
    }
}

@Suite struct SHA256PortableTests {
    @Test func portableAndHardwarePathsAgreeOnEveryLengthAndChunking() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 1000, 4097] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var portable = SHA256()
            portable.portableOnly = true
            portable.update(Array(bytes.prefix(length / 3)))
            portable.update(Array(bytes.dropFirst(length / 3)))
            #expect(portable.finalize() == SHA256.hash(bytes), "length \(length)")
        }
    }

    @Test func portablePathMatchesTheFIPSVector() {
        var portable = SHA256()
        portable.portableOnly = true
        portable.update(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        #expect(SHA256.hex(portable.finalize()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
