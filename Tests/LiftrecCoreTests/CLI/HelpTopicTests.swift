import Foundation
import Testing
@testable import LiftrecCore

@Suite struct HelpTopicTests {
    @Test(arguments: HelpTopic.allCases)
    func everyTopicResolvesPrintsItsTextAndIsNamedInTheREADME(_ topic: HelpTopic) throws {
        #expect(try CommandLineInterface.resolve(["help", topic.rawValue]) == .help(topic.text, isError: false))
        #expect(topic.text.split(separator: "\n").count > 20)
        #expect(HelpFormatter.overview().contains(topic.rawValue))
        let readme = try String(contentsOf: TestProject.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("liftrec help \(topic.rawValue)"), "the README should point to liftrec help \(topic.rawValue)")
    }

    @Test func topicsNameNoFileOutsideTheRepository() {
        for topic in HelpTopic.allCases {
            #expect(!topic.text.contains("DESIGN"), "\(topic)")
        }
    }

    @Test func aMisspeltTopicSuggestsTheTopic() {
        #expect(resolveError(["help", "formts"]) == .unknownHelpSubject("formts", suggestion: "formats"))
        #expect(resolveError(["help", "nope"])?.message
            == "no command or help topic 'nope'; 'liftrec help' takes a command (record, replay, diff, prune, verify, merge) or a topic (formats, ci, protocols)")
    }
}
