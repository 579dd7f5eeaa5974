/// Whether one endpoint outcome is a fixture worth storing for a case, and if not, why.
enum ReplyVerdict: Sendable {
    /// Store it.
    case accept(AcceptedReply)
    /// Do not store it: the problem's kind, a message and a pointer.
    case reject(kind: ProblemKind, message: String, pointer: String?)

    /// Judges `outcome` against what `suiteCase` expects: its reply status, completeness and schema.
    init(_ outcome: EndpointOutcome, for suiteCase: SuiteCase) {
        switch (outcome, suiteCase.expect) {
        case (.errorReply(let body, let status, _), .error), (.errorReply(let body, let status, _), .any):
            self = .accept(AcceptedReply(body: body, status: status, isError: true, response: .null))
        case (.reply, .error):
            self = .reject(kind: .unexpectedOK, message: "the case expects an error reply but the endpoint answered with a result", pointer: nil)
        case (.reply(let body), .truncated):
            let read = suiteCase.contract.read(suiteCase.wireProtocol.read(body))
            self = .accept(AcceptedReply(body: body, status: 200, isError: false, response: read.response, kind: read.kind))
        case (.errorReply(let body, _, _), .ok), (.errorReply(let body, _, _), .truncated), (.reply(let body), .ok), (.reply(let body), .any):
            let reading = suiteCase.wireProtocol.read(body)
            if let reason = reading.finishReason, suiteCase.wireProtocol.isTruncation(reason) {
                let detail = outcome.isErrorReply ? " (\(outcome.failureMessage ?? "error reply"))" : ""
                self = .reject(kind: .truncated, message: "finish_reason is \(quoted(reason)): the reply was cut short; raise max_tokens\(detail)", pointer: nil)
                return
            }
            if outcome.isErrorReply {
                self = .reject(kind: .error, message: outcome.failureMessage ?? "error reply", pointer: nil)
                return
            }
            let read = suiteCase.contract.read(reading)
            if let first = read.violations.first {
                let more = read.violations.count > 1 ? " (and \(read.violations.count - 1) more)" : ""
                let what = read.kind == nil || read.kind == .structured ? "schema" : "check"
                self = .reject(kind: .schema, message: "reply fails its \(what): \(first.description)\(more)", pointer: first.pointer.description)
                return
            }
            self = .accept(AcceptedReply(body: body, status: 200, isError: false, response: read.response, kind: read.kind))
        case (.httpError, _), (.transportError, _):
            self = .reject(kind: .endpoint, message: outcome.failureMessage ?? "no reply", pointer: nil)
        }
    }
}
