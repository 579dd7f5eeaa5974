import Foundation
@testable import LiftrecCore

/// A temporary project root for unit tests of loaders and commands, removed on deinit.
final class TestProject {
    let root: String

    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The package's `Tests/Fixtures` folder.
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures").path

    /// A project with the given suite files (name → JSON text).
    init(suites: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-unit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/fixtures/suites", withIntermediateDirectories: true)
        for (name, text) in suites {
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/fixtures/suites/\(name).json"))
        }
    }

    /// A project holding the real provider suite.
    convenience init() throws {
        try self.init(suites: ["provider": String(contentsOfFile: Self.fixtures + "/provider-suite.json", encoding: .utf8)])
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes bytes at a path relative to the root.
    func write(_ bytes: [UInt8], to relative: String) throws {
        let url = URL(fileURLWithPath: root + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Opens the workspace of every suite.
    func workspace(_ names: [String] = []) throws -> Workspace {
        try Workspace.open(root: root, names: names, workingDirectory: root)
    }
}
