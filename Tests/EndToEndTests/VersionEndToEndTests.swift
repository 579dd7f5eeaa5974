import Foundation
import Testing

@Suite struct VersionEndToEndTests {
    @Test func versionIsTheLatestReleaseInTheChangelogAndNamesACommit() async throws {
        let changelog = try String(contentsOf: LiftrecProcess.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        // The first heading "## [X.Y.Z] - date"; "## [Unreleased]" is not a release.
        let release = changelog.split(separator: "\n").lazy.compactMap { line -> Substring? in
            guard line.hasPrefix("## ["), !line.hasPrefix("## [Unreleased]") else { return nil }
            return line.dropFirst(4).prefix { $0 != "]" }
        }.first
        let latest = try #require(release)
        let outcome = try await LiftrecProcess.run(["--version"], in: LiftrecProcess.packageRoot)
        #expect(outcome.status == 0)
        let words = outcome.stdout.split(separator: " ")
        #expect(words.count == 4 && words[0] == "liftrec" && words[2] == "(commit", "\(outcome.stdout)")
        #expect(words.count > 1 && words[1] == latest, "--version says \(outcome.stdout) but CHANGELOG.md's latest release is \(latest)")
        #expect(outcome.stdout.hasSuffix(")\n"))
    }
}
