import Foundation
import Testing

/// Every hint that names a repairing command says it one way, `run 'COMMAND'`, in output and in the sources alike.
@Suite struct RepairWordingEndToEndTests {
    @Test func everyLineOfVerifyThatNamesACommandSaysRunAndQuotesIt() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = try await project.run(["verify"])
        #expect(outcome.status == 1)
        let hints = outcome.stdout.split(separator: "\n").filter { $0.contains("liftrec record") }
        // Legacy, invalid and missing cases: each names its repair, and the invalid one on a line of its own.
        #expect(hints.count >= 9, "\(outcome.stdout)")
        for line in hints {
            #expect(line.contains("run 'liftrec record"), "\(line)")
        }
        #expect(outcome.stdout.contains("      run 'liftrec record --suite provider --only simple_ir_add_function' to repair it\n"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("repair:"), "\(outcome.stdout)")
    }

    @Test func noSourceOrDocumentSaysRepairColon() throws {
        let root = LiftrecProcess.packageRoot
        var files = ["README.md"]
        let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent("Sources").path)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".swift") { files.append("Sources/" + path) }
        }
        #expect(files.contains("Sources/LiftrecCore/Report/TextReport.swift"))
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            // Inside a string literal, or in prose: the JSON detail `"repair"` and a property named repair stay.
            let other = text.range(of: #""[^"\n]*\brepair: "#, options: .regularExpression) ?? text.range(of: "repair: liftrec")
            #expect(other == nil, "\(file) words a repair hint as 'repair: …'; write \"run '…'\" instead")
        }
    }
}
