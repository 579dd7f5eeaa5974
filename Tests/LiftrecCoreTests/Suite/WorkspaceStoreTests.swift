import Testing
@testable import LiftrecCore

@Suite struct WorkspaceStoreTests {
    @Test func aSuiteNamingItsOwnStoreIsCheckedAgainstItEvenWhenTheDefaultStoreIsBroken() async throws {
        let project = try TestProject()
        let first = await TestEnvironment.run(["record", "--endpoint", "sim"], root: project.root)
        #expect(first.status == 0, "\(first.stderr)")
        let recorded = try FileSystem.read(project.root + "/fixtures/recorded/provider.json")
        try project.write(recorded, to: "fixtures/elsewhere.json")
        try project.write(Array("not JSON".utf8), to: "fixtures/recorded/provider.json")
        var suite = try #require(try JSONParser.parse(FileSystem.read(project.root + "/fixtures/suites/provider.json")).objectValue)
        suite["store"] = .string("fixtures/elsewhere.json")
        try project.write(JSONWriter.pretty(.object(suite)), to: "fixtures/suites/provider.json")

        let verify = await TestEnvironment.run(["verify"], root: project.root)
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("fixtures/elsewhere.json"))
        // Named by no suite any more, the broken default store is never reported; named again, it is.
        suite["store"] = nil
        try project.write(JSONWriter.pretty(.object(suite)), to: "fixtures/suites/provider.json")
        let broken = await TestEnvironment.run(["verify"], root: project.root)
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("fixtures/recorded/provider.json:1:2: invalid JSON"))
    }
}
