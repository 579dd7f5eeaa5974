import Glibc
import Testing

/// The offline commands' start-up bar (DESIGN §9): the executable must not link the HTTP stack.
@Suite struct LinkageTests {
    static let executable = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
        .joined(separator: "/")) + "/.build/debug/liftrec"

    @Test(.enabled(if: access(executable, X_OK) == 0, "needs a debug build of liftrec"))
    func executableLinksNeitherLibcurlNorFoundationNetworking() throws {
        let pipe = try #require(popen("ldd '\(Self.executable)' 2>&1", "r"))
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var count = 0
        repeat {
            count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            output += chunk[..<count]
        } while count > 0
        #expect(pclose(pipe) == 0)
        let libraries = String(decoding: output, as: UTF8.self)
        #expect(libraries.contains("libswiftCore"))
        #expect(!libraries.contains("libcurl"))
        #expect(!libraries.contains("FoundationNetworking"))
    }
}
