import Foundation

/// A throwaway project root with `fixtures/suites/` and `fixtures/recorded/`, removed when the test ends.
final class TemporaryProject {
    let root: URL

    /// The shared test data folder (`Tests/Fixtures`).
    static let fixtures = LiftrecProcess.packageRoot.appendingPathComponent("Tests/Fixtures")

    /// A project holding the real provider suite and, optionally, a store copied from `Tests/Fixtures`.
    init(store: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("fixtures/suites"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("fixtures/recorded"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent("provider-suite.json"),
            to: root.appendingPathComponent("fixtures/suites/provider.json")
        )
        if let store {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(store), to: storeURL)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The provider suite's store.
    var storeURL: URL { root.appendingPathComponent("fixtures/recorded/provider.json") }

    /// The provider suite file.
    var suiteURL: URL { root.appendingPathComponent("fixtures/suites/provider.json") }

    /// Runs the built liftrec binary inside the project.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessOutcome {
        try await LiftrecProcess.run(arguments, in: root, environment: environment)
    }

    /// Runs liftrec in-process inside the project: for tests that need no process of their own (no signals, no
    /// children, no stdin).
    func runInProcess(_ arguments: [String], environment: [String: String] = [:]) async -> ProcessOutcome {
        await InProcessLiftrec.run(arguments, in: root, environment: environment)
    }

    /// Writes `text` to a path relative to the root.
    func write(_ text: String, to relative: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Reads a file relative to the root.
    func read(_ relative: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(relative))
    }

    /// Edits the provider suite as a JSON object.
    func editSuite(_ edit: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: suiteURL)
        guard var suite = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        edit(&suite)
        try JSONSerialization.data(withJSONObject: suite).write(to: suiteURL)
    }

    /// The parsed stdout of a `--json` run.
    static func json(_ outcome: ProcessOutcome) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        return object as? [String: Any] ?? [:]
    }
}
