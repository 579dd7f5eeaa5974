/// A generate request as the simulator needs it, read from a body by the request's protocol.
struct SimulatedRequest: Sendable {
    /// The required field the body lacks, when it lacks one.
    var missingField: String?
    /// The schema the answer must follow.
    var schema: JSONValue = .bool(true)
    /// The most tokens the answer may take.
    var maxTokens = 2048
    /// The sampling temperature: above 0, answers vary between calls.
    var temperature = 0.0
    /// What kind of output the request asks for.
    var output = Output.json

    /// The kinds of output the simulator gives.
    enum Output: Sendable, Equatable {
        /// Plain text.
        case text
        /// JSON following `schema`, as the message content (or Modal's `ir_json`).
        case json
        /// A call of the named tool, its arguments following `schema`.
        case toolCall(String)
    }
    /// The request's fingerprint, which seeds its answer.
    var fingerprint = ""

    /// A request that names nothing yet.
    init() {}

    /// A chat request as the simulator answers it: a call of `forced` when that is a declared tool, JSON following
    /// the demanded schema (or `{"type": "object"}`) when JSON is asked for, else text; `maxTokens` from the request's
    /// own member, the fingerprint from `protocol`.
    init<Chat: HostedChatAPI>(chat body: JSONObject, speaking wireProtocol: Chat, forcing forced: String?, maxTokens: JSONValue?) {
        let demand = wireProtocol.outputDemand(body)
        output = .text
        if let forced, let tool = demand.tools.first(where: { $0.name == forced }) {
            output = .toolCall(forced)
            schema = tool.schema
        } else if demand.json {
            output = .json
            schema = demand.schema ?? .object(JSONObject([("type", .string("object"))]))
        }
        self.maxTokens = maxTokens?.numberValue?.intValue ?? 2048
        temperature = body["temperature"]?.numberValue?.doubleValue ?? 1
        fingerprint = (try? wireProtocol.fingerprint(incoming: body))?.request ?? ""
    }
}
