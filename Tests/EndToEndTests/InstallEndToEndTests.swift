import Foundation
import Testing

/// `scripts/install` into a temporary prefix, then liftrec used from a new project outside the repository.
///
/// A release build takes minutes here, so the test installs the binary the test run already built
/// (`--binary`); the build path of the script is the same code with `swift build -c release` in front.
@Suite struct InstallEndToEndTests {
    @Test func installedLiftrecRecordsVerifiesAndRefreshesAnotherProjectThenUninstalls() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let prefix = scratch.appendingPathComponent("prefix")
        let project = scratch.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project.appendingPathComponent("fixtures/suites"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LiftrecProcess.packageRoot.appendingPathComponent("fixtures/suites/provider.json"),
            to: project.appendingPathComponent("fixtures/suites/provider.json")
        )
        let install = LiftrecProcess.packageRoot.appendingPathComponent("scripts/install")
        let installed = try await LiftrecProcess.run(
            ["--prefix", prefix.path, "--binary", LiftrecProcess.executable.path], in: scratch, program: install
        )
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let bin = prefix.appendingPathComponent("bin")
        #expect(installed.stdout.contains(" (commit "))
        #expect(installed.stdout.contains("installed in \(bin.path)"))
        for name in ["liftrec", "liftrec-refresh"] {
            #expect(FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent(name).path))
        }

        // Only the prefix and the system's own tools: no Swift toolchain, no repository.
        let path = ["PATH": "\(bin.path):/usr/bin:/bin"]
        func run(_ arguments: [String]) async throws -> ProcessOutcome {
            try await LiftrecProcess.run(arguments, in: project, environment: path, program: URL(fileURLWithPath: "/usr/bin/env"))
        }
        let record = try await run(["liftrec", "record", "--endpoint", "sim", "--all"])
        #expect(record.status == 0, "\(record.stdout)\(record.stderr)")
        #expect(record.stdout.contains("9 recorded"))
        let verify = try await run(["liftrec", "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let unchanged = try await run(["liftrec-refresh", "--endpoint", "sim"])
        #expect(unchanged.status == 0, "\(unchanged.stdout)\(unchanged.stderr)")
        #expect(unchanged.stdout.hasPrefix("# Fixture refresh\n\nNo fixture changed."))
        try FileManager.default.removeItem(at: project.appendingPathComponent("fixtures/recorded/provider.json"))
        let refreshed = try await run(["liftrec-refresh", "--endpoint", "sim", "--report", "refresh.md"])
        #expect(refreshed.status == 1, "\(refreshed.stdout)\(refreshed.stderr)")
        let report = try String(contentsOf: project.appendingPathComponent("refresh.md"), encoding: .utf8)
        #expect(report.hasPrefix("# Fixture refresh\n\nFixtures were re-recorded"))

        let removed = try await LiftrecProcess.run(["--uninstall", "--prefix", prefix.path], in: scratch, program: install)
        #expect(removed.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path).isEmpty)
    }
}
