import Foundation
import Synchronization
import Testing
@testable import LiftrecCore

/// The pace of a replayed stream, checked exactly: `--stream-timing` as parsed from a command line, through the serve
/// command's service options and the replay service, to the due time of each piece of the response it hands over.
///
/// A piece's due time is counted from when the response's head is written, so the schedule is the same on any clock;
/// the event loop writing each piece when due is `StreamedResponseTests`' concern. Nothing here waits.
@Suite struct ReplayStreamScheduleTests {
    /// Offsets, in milliseconds from the request's start, of the recorded stream given to the OpenAI suite's first case.
    static let recordedOffsets: [Double] = [0, 0, 1_000, 2_000, 3_000, 3_000]

    /// A `--stream-timing` word and the due times, in milliseconds, it must give the recorded offsets.
    struct Pace: Sendable, CustomTestStringConvertible {
        let word: String
        let dueMs: [Double]
        var testDescription: String { word }
    }

    static let paces = [
        Pace(word: "none", dueMs: [0, 0, 0, 0, 0, 0]),
        Pace(word: "recorded", dueMs: recordedOffsets),
        Pace(word: "x0.1", dueMs: [0, 0, 100, 200, 300, 300]),
        Pace(word: "x2", dueMs: [0, 0, 2_000, 4_000, 6_000, 6_000]),
        Pace(word: "x0", dueMs: [0, 0, 0, 0, 0, 0]),
    ]

    @Test(arguments: paces)
    func eachEventIsDueAtItsOffsetTimesTheFactor(_ pace: Pace) throws {
        let replay = try StreamedCase()
        let response = try replay.answer(streamTiming: pace.word)
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/event-stream")
        let chunks = try #require(response.chunks, "a streamed request was answered with a plain body")
        #expect(chunks.map { String(decoding: $0.bytes, as: UTF8.self) } == replay.framedEvents)
        #expect(chunks.map(\.offsetNanoseconds) == pace.dueMs.map { UInt64($0 * 1_000_000) })
    }

    @Test func withoutTheOptionTheEventsAreAllDueAtOnce() throws {
        let replay = try StreamedCase()
        let arguments = try ArgumentParser.parse(["--serve"], spec: CommandCatalog.replay)
        let response = try replay.answer(ServeCommand(arguments).serviceOptions)
        let chunks = try #require(response.chunks, "a streamed request was answered with a plain body")
        #expect(chunks.count == Self.recordedOffsets.count)
        #expect(chunks.allSatisfy { $0.offsetNanoseconds == 0 })
    }

    /// The project's OpenAI suite and store, its first case's fixture given a recorded stream at `recordedOffsets`.
    struct StreamedCase {
        let project: TestProject
        let workspace: Workspace
        let store: Store
        let events: [ServerSentEvent]

        init() throws {
            let package = TestProject.packageRoot.path
            project = try TestProject(suites: ["openai": String(contentsOfFile: package + "/fixtures/suites/openai.json", encoding: .utf8)])
            var entries = try #require(try JSONParser.parse(FileSystem.read(package + "/fixtures/recorded/openai.json")).objectValue)
            events = Self.recordedOffsets.indices.map { ServerSentEvent(name: nil, data: $0 == Self.recordedOffsets.count - 1 ? "[DONE]" : "{\"piece\":\($0)}") }
            let stream = RecordedStream(events: zip(events, Self.recordedOffsets).map { RecordedStream.Event($0, offsetMs: $1) })
            var entry = try #require(entries["add_function"]?.objectValue)
            var metadata = try #require(entry["metadata"]?.objectValue)
            var facts = try #require(metadata["liftrec"]?.objectValue)
            facts["stream"] = stream.json
            metadata["liftrec"] = .object(facts)
            entry["metadata"] = .object(metadata)
            entries["add_function"] = .object(entry)
            try project.write(JSONWriter.pretty(.object(entries)), to: "fixtures/recorded/openai.json")
            workspace = try project.workspace()
            store = try Store.load(path: project.root + "/fixtures/recorded/openai.json", display: "openai.json")
        }

        static var recordedOffsets: [Double] { ReplayStreamScheduleTests.recordedOffsets }

        /// The bytes of each recorded event as the stream frames it.
        var framedEvents: [String] { events.map { String(decoding: $0.bytes, as: UTF8.self) } }

        /// The response to a streamed request for the first case, served with `--serve --stream-timing word`.
        func answer(streamTiming word: String) throws -> HTTPResponse {
            let arguments = try ArgumentParser.parse(["--serve", "--stream-timing", word], spec: CommandCatalog.replay)
            return try answer(ServeCommand(arguments).serviceOptions)
        }

        /// The response to a streamed request for the first case, from a service with `options`; the service's clocks
        /// are fixed, so nothing in the answer depends on when the test runs.
        func answer(_ options: ReplayService.Options) throws -> HTTPResponse {
            let service = ReplayService(
                suites: workspace.selected, stores: [store.path: store], options: options, redactor: SecretRedactor(variables: [:]),
                stderr: TextSink { _ in }, now: { 1_800_000_000 }, monotonic: { 1_000 }
            )
            let suiteCase = try #require(workspace.selected.first?.cases.first)
            var body = try #require(suiteCase.requestBody.objectValue)
            body["stream"] = .bool(true)
            let request = HTTPRequest(
                method: "POST", target: "/v1/chat/completions", headers: ["Content-Type": "application/json"],
                body: JSONWriter.compact(.object(body))
            )
            let answered = Mutex<HTTPResponse?>(nil)
            // No --latency, so the service answers before handle returns.
            service.handle(request, HTTPResponder { response in answered.withLock { $0 = response } })
            return try #require(answered.withLock { $0 }, "the service did not answer at once")
        }
    }
}
