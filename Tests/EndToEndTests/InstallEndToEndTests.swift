import Foundation
import Testing

/// `scripts/install` into a temporary prefix, then liftrec used from a new project outside the repository.
///
/// A release build takes minutes here, so the test installs the binary the test run already built
/// (`--binary`); the build path of the script is the same code with `swift build -c release` in front.
@Suite struct InstallEndToEndTests {
    /// A copy of liftrec's scripts as the Actions runner downloads the action (no `.git`, under `_actions/OWNER/REPO/REF`),
    /// with a `swift` on `PATH` that logs its arguments instead of building, and a stand-in for the built binary.
    private struct ActionCopy {
        let scratch: URL
        let package: URL
        let log: URL
        let environment: [String: String]

        init(ref: String) throws {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-stamp-\(UUID().uuidString)")
            package = scratch.appendingPathComponent("_actions/owner/liftrec/\(ref)")
            log = scratch.appendingPathComponent("swift.log")
            let fakes = scratch.appendingPathComponent("fakes")
            try FileManager.default.createDirectory(at: package.appendingPathComponent("scripts/github-action"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: fakes, withIntermediateDirectories: true)
            for script in ["scripts/install", "scripts/refresh-fixtures", "scripts/github-action/action.yml"] {
                try FileManager.default.copyItem(at: LiftrecProcess.packageRoot.appendingPathComponent(script), to: package.appendingPathComponent(script))
            }
            let swift = "#!/bin/sh\necho \"$*\" >> '\(log.path)'\nfor a in \"$@\"; do [ \"$a\" = --show-bin-path ] && echo '\(fakes.path)'; done\nexit 0\n"
            try Data(swift.utf8).write(to: fakes.appendingPathComponent("swift"))
            try Data("#!/bin/sh\necho 'liftrec 0.0.0 (commit stand-in)'\n".utf8).write(to: fakes.appendingPathComponent("liftrec"))
            for name in ["swift", "liftrec"] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakes.appendingPathComponent(name).path)
            }
            environment = [
                "PATH": "\(fakes.path):/usr/bin:/bin", "HOME": scratch.path, "RUNNER_TEMP": scratch.path,
                "GITHUB_ACTION_PATH": package.appendingPathComponent("scripts/github-action").path,
                // No repository above the copy may answer for it.
                "GIT_CEILING_DIRECTORIES": scratch.deletingLastPathComponent().path,
            ]
        }

        /// The commit the build was asked to stamp, from the logged `-DLIFTREC_COMMIT="…"`.
        func stamped() throws -> String? {
            let text = try String(contentsOf: log, encoding: .utf8)
            guard let range = text.range(of: #"-DLIFTREC_COMMIT="[^"]*""#, options: .regularExpression) else { return nil }
            return String(text[range].dropFirst(#"-DLIFTREC_COMMIT=""#.count).dropLast())
        }

        /// The action's install step, taken from action.yml as the runner would run it.
        func installStep() throws -> String {
            let yaml = try String(contentsOf: package.appendingPathComponent("scripts/github-action/action.yml"), encoding: .utf8)
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            let step = try #require(lines.firstIndex { $0.hasSuffix("- name: Install liftrec") })
            let run = try #require(lines[step...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
            let indent = lines[run].prefix { $0 == " " }.count + 2
            let body = lines[(run + 1)...].prefix { $0.isEmpty || $0.prefix { $0 == " " }.count >= indent }
            return body.map { String($0.dropFirst(min(indent, $0.count))) }.joined(separator: "\n")
        }
    }

    private static let sha = "0123456789abcdef0123456789abcdef01234567"
    private static let callerSHA = "fedcba9876543210fedcba9876543210fedcba98"

    @Test func installOutsideAGitCheckoutStampsTheCommitGitHubSHANames() async throws {
        let copy = try ActionCopy(ref: "main")
        defer { try? FileManager.default.removeItem(at: copy.scratch) }
        let install = copy.package.appendingPathComponent("scripts/install")
        var environment = copy.environment
        environment["GITHUB_SHA"] = Self.sha
        let outcome = try await LiftrecProcess.run(["--prefix", copy.scratch.appendingPathComponent("prefix").path], in: copy.scratch,
                                                   environment: environment, program: install)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(try copy.stamped() == "0123456789ab")
        #expect(outcome.stderr.contains("commit 0123456789ab"), "\(outcome.stderr)")
        try FileManager.default.removeItem(at: copy.log)
        environment["GITHUB_SHA"] = "not-a-sha"
        _ = try await LiftrecProcess.run(["--prefix", copy.scratch.appendingPathComponent("prefix").path], in: copy.scratch,
                                         environment: environment, program: install)
        #expect(try copy.stamped() == "unknown")
    }

    @Test func theActionsInstallStepStampsItsOwnPinnedCommitNotTheCallers() async throws {
        for (ref, actionRef, expected) in [(Self.sha, Self.sha, "0123456789ab"), (Self.sha, "", "0123456789ab"), ("v1", "v1", "unknown")] {
            let copy = try ActionCopy(ref: ref)
            defer { try? FileManager.default.removeItem(at: copy.scratch) }
            let step = copy.scratch.appendingPathComponent("install-step.sh")
            try Data(try copy.installStep().utf8).write(to: step)
            var environment = copy.environment
            environment["GITHUB_SHA"] = Self.callerSHA
            environment["ACTION_REF"] = actionRef
            environment["GITHUB_PATH"] = copy.scratch.appendingPathComponent("github-path").path
            let outcome = try await LiftrecProcess.run(["-e", step.path], in: copy.scratch, environment: environment, program: URL(fileURLWithPath: "/bin/bash"))
            #expect(outcome.status == 0, "\(ref): \(outcome.stdout)\(outcome.stderr)")
            #expect(try copy.stamped() == expected, "ref \(ref), github.action_ref '\(actionRef)'")
        }
    }

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
