import Foundation
import Glibc
import Testing

/// Whether this process may make device nodes, which the device report test needs.
private let isRoot = geteuid() == 0

/// Whether a tmpfs can be mounted here (root in a container that allows it), for the full-disk test.
private let canMountTmpfs: Bool = {
    guard isRoot else { return false }
    let probe = FileManager.default.temporaryDirectory.appendingPathComponent("liftrec-mount-probe-\(UUID().uuidString)").path
    guard mkdir(probe, 0o755) == 0 else { return false }
    defer { rmdir(probe) }
    guard mount("tmpfs", probe, "tmpfs", 0, "size=64k") == 0 else { return false }
    umount2(probe, Int32(MNT_DETACH))
    return true
}()

/// liftrec's file promises, against the built binary: never replace what is not ours, never read without bound,
/// and stop paying when the disk is full.
@Suite struct FilePromisesEndToEndTests {
    /// The kind bits of whatever is at `path`, without following a symlink.
    private static func kind(_ path: String) -> mode_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
    }

    @Test(.enabled(if: isRoot, "mknod needs root"))
    func aReportToAFullDeviceFailsAndLeavesTheNodeIntact() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let node = project.root.appendingPathComponent("full").path
        // Major 1, minor 7 is /dev/full: every write fails with ENOSPC.
        try #require(mknod(node, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0)
        let outcome = try await project.run(["verify", "--junit", "full"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("No space left on device"), "\(outcome.stderr)")
        var status = stat()
        #expect(lstat(node, &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR && status.st_rdev == dev_t((1 << 8) | 7))
    }

    @Test func aSymlinkedReportUpdatesItsTargetAndKeepsTheLink() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        try project.write("old", to: "reports/real.xml")
        try FileManager.default.createSymbolicLink(atPath: project.root.appendingPathComponent("link.xml").path, withDestinationPath: "reports/real.xml")
        let outcome = try await project.run(["verify", "--junit", "link.xml"])
        #expect(outcome.status != 2, "\(outcome.stderr)")
        #expect(Self.kind(project.root.appendingPathComponent("link.xml").path) == S_IFLNK)
        #expect(String(decoding: try project.read("reports/real.xml"), as: UTF8.self).hasPrefix("<?xml"))
    }

    @Test func aSymlinkedStoreIsWrittenThroughAndTheLinkStays() async throws {
        let project = try TemporaryProject()
        let elsewhere = project.root.appendingPathComponent("shared/provider.json").path
        try project.write("{}\n", to: "shared/provider.json")
        try FileManager.default.createSymbolicLink(atPath: project.storeURL.path, withDestinationPath: "../../shared/provider.json")
        let outcome = try await project.run(["record", "--endpoint", "sim"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(Self.kind(project.storeURL.path) == S_IFLNK)
        let store = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: elsewhere))) as? [String: Any])
        #expect(store.count == 9)
    }

    @Test func aStoreSymlinkToNothingIsAnErrorNamingTheTargetAndCreatesNothing() async throws {
        let project = try TemporaryProject()
        try FileManager.default.createSymbolicLink(atPath: project.storeURL.path, withDestinationPath: "../../elsewhere/deep/provider.json")
        let outcome = try await project.run(["record", "--endpoint", "sim"])
        #expect(outcome.status == 2)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.hasPrefix("liftrec: cannot write 'fixtures/recorded/provider.json': it is a symbolic link to '"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("elsewhere/deep/provider.json', which does not exist"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("recorded provider/"))
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("elsewhere").path))
        #expect(Self.kind(project.storeURL.path) == S_IFLNK)
        // Neither a lock nor a journal was made beside the link.
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("fixtures/recorded").path) == ["provider.json"])
    }

    @Test func aReadOnlyStoreIsRefusedBeforeAnythingIsSent() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let before = try project.read("fixtures/recorded/provider.json")
        try #require(chmod(project.storeURL.path, 0o444) == 0)
        let outcome = try await project.run(["record", "--endpoint", "sim", "--all"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("permission denied: the file is read-only (mode 0444)"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("recorded provider/"))
        #expect(try project.read("fixtures/recorded/provider.json") == before)
    }

    @Test func aFIFOStoreIsRefused() async throws {
        let project = try TemporaryProject()
        try #require(mkfifo(project.storeURL.path, 0o644) == 0)
        let outcome = try await project.run(["record", "--endpoint", "sim"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("it is a FIFO"), "\(outcome.stderr)")
        #expect(Self.kind(project.storeURL.path) == S_IFIFO)
    }

    @Test func aFIFOGivenToAgainstFailsAtOnce() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        try #require(mkfifo(project.root.appendingPathComponent("other.json").path, 0o644) == 0)
        // With no writer, a blocking open would wait forever; the run must end on its own.
        let outcome = try await project.run(["diff", "--against", "other.json"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("it is a FIFO, not a regular file"), "\(outcome.stderr)")
    }

    @Test func devZeroGivenToAgainstFailsWithoutReading() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = try await project.run(["diff", "--against", "/dev/zero"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("it is a character device, not a regular file"), "\(outcome.stderr)")
        // The largest child this test process has waited for: an unbounded read of /dev/zero would pass gigabytes.
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 1 << 20, "a child grew to \(usage.ru_maxrss) KiB")
    }

    @Test func aReportIntoAMissingDirectoryFailsAndCreatesNothing() async throws {
        let project = try TemporaryProject(store: "modal_responses.json")
        let outcome = try await project.run(["verify", "--markdown", "missing/report.md"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("directory 'missing' does not exist"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("missing").path))
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root in a container that allows mount"))
    func aDiskThatFillsStopsTheRequestsAndARerunRecordsOnlyTheRest() async throws {
        let simulator = try LoopbackSimulator()
        let (project, recorded) = try Self.projectOnTmpfs(size: "96k")
        defer { umount2(recorded, Int32(MNT_DETACH)) }
        let journalPath = recorded + "/.provider.json.journal"

        let full = try await project.run(["record", "--endpoint", simulator.generateURL, "--concurrency", "\(Self.concurrency)"])
        #expect(full.status != 0)
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(full.stderr.contains("free space and run record again"), "\(full.stderr)")
        let kept = try Self.fixtures(store: project.storeURL.path, journal: journalPath)
        let sent = simulator.observed.generateCalls
        #expect(kept > 0 && kept < Self.count)
        #expect(sent <= kept + Self.concurrency, "sent \(sent) requests but kept only \(kept) replies")

        try #require(mount("tmpfs", recorded, "tmpfs", UInt(MS_REMOUNT), "size=16m") == 0)
        let rerun = try await project.run(["record", "--endpoint", simulator.generateURL, "--concurrency", "\(Self.concurrency)"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(simulator.observed.generateCalls - sent == Self.count - kept)
        #expect(try Self.fixtures(store: project.storeURL.path, journal: journalPath) == Self.count)
        #expect(!FileManager.default.fileExists(atPath: journalPath))
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root in a container that allows mount"))
    func aDiskThatFillsDuringDiffUpdateStopsTheRequests() async throws {
        let (project, recorded) = try Self.projectOnTmpfs(size: "16m")
        defer { umount2(recorded, Int32(MNT_DETACH)) }
        let record = try await project.run(["record", "--endpoint", "sim:seed=1"])
        try #require(record.status == 0, "\(record.stderr)")
        // Leave room for a few dozen journal lines only; another seed makes every live reply differ from the store.
        try Self.fill(recorded, leaving: 48 * 1024)

        let full = try await project.run(["diff", "--endpoint", "sim:seed=2", "--update", "--concurrency", "\(Self.concurrency)", "--json"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("diff --update: stopped sending because"), "\(full.stderr)")
        let summary = try #require(TemporaryProject.json(full)["summary"] as? [String: Any])
        let requests = try #require(summary["requests"] as? Int)
        let journaled = (FileManager.default.contents(atPath: recorded + "/.provider.json.journal") ?? Data()).split(separator: UInt8(ascii: "\n")).count
        #expect(journaled > 0)
        #expect(requests <= journaled + Self.concurrency, "sent \(requests) requests but journaled only \(journaled) replies")
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root in a container that allows mount"))
    func aDiskThatFillsUnderRecordMissingStopsAskingTheUpstream() async throws {
        let (project, recorded) = try Self.projectOnTmpfs(size: "16m")
        defer { umount2(recorded, Int32(MNT_DETACH)) }
        try Self.fill(recorded, leaving: 24 * 1024)
        let server = try ServingLiftrec(["replay", "--serve", "--upstream", "sim", "--record-missing"], in: project.root)
        let url = try await server.readURL()
        let schema = #"{"type": "object", "properties": {"name": {"type": "string", "pattern": "^[a-z_][a-z0-9_]*$"}, "summary": {"type": "string", "minLength": 10}}, "required": ["name", "summary"], "additionalProperties": false}"#
        func body(_ index: Int) -> Data {
            Data(#"{"prompt": "Write function number \#(index)", "schema": \#(schema), "max_tokens": 512, "temperature": 0.0, "top_p": 0.95}"#.utf8)
        }
        var statuses: [Int] = []
        for index in 0..<Self.count where statuses.last != 503 {
            statuses.append(try await LoopbackHTTP.request("POST", url, body: body(index)).status)
        }
        // The request whose reply missed the journal was answered; every capture after it is refused, not forwarded.
        #expect(statuses.last == 503, "\(server.stderrText)")
        #expect(statuses.dropLast().allSatisfy { $0 == 200 })
        #expect(try await LoopbackHTTP.request("POST", url, body: body(Self.count - 1)).status == 503)
        #expect(try await server.stop() != 0)
        #expect(server.stderrText.contains("stopped asking the upstream for replies to record because"), "\(server.stderrText)")
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root in a container that allows mount"))
    func aDiskThatFillsWhileLearningStopsAskingTheUpstream() async throws {
        let (project, recorded) = try Self.projectOnTmpfs(size: "16m")
        defer { umount2(recorded, Int32(MNT_DETACH)) }
        try FileManager.default.removeItem(at: project.suiteURL)
        try Self.fill(recorded, leaving: 24 * 1024)
        let server = try ServingLiftrec(["replay", "--serve", "--upstream", "sim", "--record-missing", "--learn", "learned"], in: project.root)
        let url = try await server.readURL()
        let chat = url.deletingLastPathComponent().appendingPathComponent("v1/chat/completions")
        func body(_ index: Int) -> Data {
            Data(#"{"model": "m", "messages": [{"role": "user", "content": "Write function number \#(index), and explain it at length."}]}"#.utf8)
        }
        var statuses: [Int] = []
        for index in 0..<Self.count where statuses.last != 503 {
            statuses.append(try await LoopbackHTTP.request("POST", chat, body: body(index)).status)
        }
        #expect(statuses.last == 503, "\(server.stderrText)")
        #expect(statuses.dropLast().allSatisfy { $0 == 200 })
        let refused = try await LoopbackHTTP.request("POST", chat, body: body(Self.count - 1))
        #expect(refused.status == 503)
        let error = try #require(try JSONSerialization.jsonObject(with: refused.body) as? [String: Any])["error"] as? [String: Any]
        #expect((error?["message"] as? String)?.contains("not asking the upstream") == true)
        let stats = try await LoopbackHTTP.request("GET", url.deletingLastPathComponent().appendingPathComponent("__liftrec/stats"))
        let forwarded = try #require((try JSONSerialization.jsonObject(with: stats.body) as? [String: Any])?["forwarded"] as? Int)
        let kept = try Self.fixtures(store: recorded + "/learned.json", journal: recorded + "/.learned.json.journal")
        #expect(forwarded <= kept + 1, "forwarded \(forwarded) requests but kept only \(kept) replies")
        #expect(try await server.stop() != 0)
        #expect(server.stderrText.contains("stopped asking the upstream for replies to record because"), "\(server.stderrText)")
    }

    /// Writes a filler file into the file system at `directory` so that only about `bytes` stay free.
    private static func fill(_ directory: String, leaving bytes: Int) throws {
        var status = statvfs()
        try #require(statvfs(directory, &status) == 0)
        let free = Int(status.f_bavail) * Int(status.f_frsize)
        try #require(FileManager.default.createFile(atPath: directory + "/filler", contents: Data(count: free - bytes)))
    }

    private static let count = 300
    private static let concurrency = 4

    /// A project of `count` cases whose `fixtures/recorded` is a fresh tmpfs of `size`; the caller unmounts it.
    private static func projectOnTmpfs(size: String) throws -> (TemporaryProject, String) {
        let project = try TemporaryProject()
        try project.write(syntheticSuite(count: count), to: "fixtures/suites/provider.json")
        let recorded = project.root.appendingPathComponent("fixtures/recorded").path
        try #require(mount("tmpfs", recorded, "tmpfs", 0, "size=\(size)") == 0)
        return (project, recorded)
    }

    /// The distinct fixture keys in the store file and its journal together.
    private static func fixtures(store: String, journal: String) throws -> Int {
        var keys: Set<String> = []
        if let data = FileManager.default.contents(atPath: store), let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            keys.formUnion(object.keys)
        }
        let lines = (FileManager.default.contents(atPath: journal)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        for line in lines.split(separator: "\n") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let key = object["key"] as? String {
                keys.insert(key)
            }
        }
        return keys.count
    }
}
