import Foundation
import TestSupport
@testable import LiftrecCore
import Synchronization

/// The embedded simulator served over loopback HTTP, so the built binary's real libcurl client is exercised.
///
/// It also observes what arrives: requests in flight, headers, and generate calls, and can be told to
/// demand proxy auth or to never answer a given prompt.
final class LoopbackSimulator: Sendable {
    struct Observed {
        var calls = Concurrency()
        var generateCalls = 0
        var headers: [[String: String]] = []
        /// Requests held unanswered, with the answer each would have had.
        var held: [(responder: HTTPResponder, response: HTTPResponse)] = []
        /// Once set, nothing more is held.
        var released = false
    }

    /// Shared between the server's handler threads and the test.
    final class Box: Sendable {
        let mutex = Mutex(Observed())
    }

    let server: HTTPServer
    let simulator: SimulatedEndpoint
    private let state: Box
    private let requiredAuth: (key: String, secret: String)?
    private let hangOnPrompt: String?
    private let echoSecret: String?

    /// Starts a simulator on 127.0.0.1 with a free port.
    init(settings: String = "sim", requiredAuth: (key: String, secret: String)? = nil, hangOnPrompt: String? = nil, echoSecret: String? = nil) throws {
        let simulator = SimulatedEndpoint(settings: try SimulatorSettings(parsing: settings))
        let state = Box()
        self.simulator = simulator
        self.state = state
        self.requiredAuth = requiredAuth
        self.hangOnPrompt = hangOnPrompt
        self.echoSecret = echoSecret
        server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0)) { request, responder in
            LoopbackSimulator.handle(request, responder, simulator: simulator, state: state, requiredAuth: requiredAuth,
                                     hangOnPrompt: hangOnPrompt, echoSecret: echoSecret)
        }
        try server.start()
    }

    // Only asks the server to stop: its own threads finish the rest, and a test never waits on them.
    deinit {
        server.stop()
    }

    /// The server's origin, the base URL of chat protocols.
    var origin: String { "http://127.0.0.1:\(server.port)" }

    /// The generate URL clients are pointed at.
    var generateURL: String { "http://127.0.0.1:\(server.port)/generate" }

    /// Answers every held request as the simulator would have at once, and holds none from now on.
    func releaseHeld() {
        let held = state.mutex.withLock { observed in
            observed.released = true
            defer { observed.held = [] }
            return observed.held
        }
        for (responder, response) in held { Self.finish(responder, response, true, state) }
    }

    /// A snapshot of what the simulator has seen.
    var observed: Observed { state.mutex.withLock { $0 } }

    private static func handle(
        _ request: HTTPRequest, _ responder: HTTPResponder, simulator: SimulatedEndpoint, state: Box,
        requiredAuth: (key: String, secret: String)?, hangOnPrompt: String?, echoSecret: String?
    ) {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.lowercased()] = field.value }
        let isGenerate = request.method == "POST"
        state.mutex.withLock { observed in
            observed.headers.append(headers)
            if isGenerate {
                observed.generateCalls += 1
                observed.calls.begin()
            }
        }
        if let requiredAuth, headers["modal-key"] != requiredAuth.key || headers["modal-secret"] != requiredAuth.secret {
            finish(responder, HTTPResponse.error(status: 401, message: "missing or invalid proxy authentication"), isGenerate, state)
            return
        }
        let body = String(decoding: request.body, as: UTF8.self)
        // The simulator's answer, asked only for requests that get it, so its counters see no others.
        let answer = { () -> (HTTPResponse, Double) in
            let (reply, delay) = simulator.answer(method: request.method == "POST" ? .post : .get, path: request.path, host: "127.0.0.1", body: request.body)
            var response = HTTPResponse(status: reply.status, body: reply.arrivals.isEmpty ? reply.body : [])
            for (name, value) in reply.headers { response.headers.append(name: name, value: value) }
            // A streamed reply goes out over time: each event at the offset the simulator gave it.
            if !reply.arrivals.isEmpty {
                let starts = [0] + reply.arrivals.map(\.end).dropLast()
                response.chunks = zip(starts, reply.arrivals).map { start, arrival in
                    ResponseChunk(offsetMilliseconds: arrival.offsetMs, bytes: Array(reply.body[start..<arrival.end]))
                }
            }
            return (response, delay)
        }
        // Keep the responder so the request completes only when the test releases it, or the client's timeout ends it.
        var released: (HTTPResponse, Double)?
        if let hangOnPrompt, body.contains(hangOnPrompt) {
            let (response, delay) = answer()
            let held = state.mutex.withLock { observed in
                if !observed.released { observed.held.append((responder, response)) }
                return !observed.released
            }
            if held { return }
            released = (response, delay)
        }
        if let echoSecret, body.contains("\"prompt\":\"\"") {
            let reply = #"{"error":"Missing required field: prompt (auth \#(echoSecret))","raw_output":"key=\#(echoSecret)","ir_json":null,"finish_reason":"error"}"#
            finish(responder, HTTPResponse.json(status: 200, body: Array(reply.utf8)), isGenerate, state)
            return
        }
        // Answered after the simulated delay by a Dispatch timer, so no thread waits out the delay.
        let (response, delay) = released ?? answer()
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [response] in
            finish(responder, response, isGenerate, state)
        }
    }

    private static func finish(_ responder: HTTPResponder, _ response: HTTPResponse, _ isGenerate: Bool, _ state: Box) {
        if isGenerate { state.mutex.withLock { $0.calls.end() } }
        responder.respond(response)
    }
}
