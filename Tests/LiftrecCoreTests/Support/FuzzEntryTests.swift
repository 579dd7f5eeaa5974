import Foundation
import Testing
@testable import LiftrecCore

@Suite struct FuzzEntryTests {
    /// scripts/fuzz.d/corpus in this checkout.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/fuzz.d/corpus").path

    @Test(arguments: FuzzEntry.allCases)
    func replaysEverySeedWithoutABrokenProperty(_ target: FuzzEntry) throws {
        let folder = Self.corpus + "/" + target.rawValue
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!names.isEmpty, "no seeds in \(folder)")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let problem = bytes.withUnsafeBufferPointer { target.run($0) }
            #expect(problem == nil, "\(target.rawValue)/\(name)")
        }
    }

    @Test func everyTargetHasASeedFolderAndNoFolderLacksATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).sorted()
        #expect(folders == FuzzEntry.allCases.map(\.rawValue).sorted())
    }
}
