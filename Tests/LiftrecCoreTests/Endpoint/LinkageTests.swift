import Foundation
import Testing
@testable import LiftrecCore

/// The offline commands' start-up bar: the executable must not link the HTTP stack.
@Suite struct LinkageTests {
    /// The built liftrec: beside the test bundle, where `swift test` always builds it, else in `.build`.
    static let executable: String? = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liftrec")
        let candidates = [beside] + ["debug", "release"].map { TestProject.packageRoot.appendingPathComponent(".build/\($0)/liftrec") }
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    // A missing executable fails the test rather than skipping it: `swift test` always builds one, so its absence means
    // the bar went unchecked, which must not pass for checked.
    @Test func executableLinksNeitherLibcurlNorFoundationNetworking() async throws {
        let executable = try #require(
            Self.executable, "no liftrec executable beside the test bundle or in .build/debug or .build/release; run `swift build` first")
        // ldd is read on a thread of its own: the test never holds a cooperative-pool thread while a process runs.
        let (status, libraries) = await BlockingCall.run { () -> (Int32, String) in
            guard let pipe = popen("ldd '\(executable)' 2>&1", "r") else { return (-1, "popen failed") }
            var output: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            var count = 0
            repeat {
                count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
                output += chunk[..<count]
            } while count > 0
            return (pclose(pipe), String(decoding: output, as: UTF8.self))
        }
        #expect(status == 0, "ldd failed: \(libraries)")
        #expect(libraries.contains("libswiftCore"))
        #expect(!libraries.contains("libcurl"))
        #expect(!libraries.contains("FoundationNetworking"))
    }
}
