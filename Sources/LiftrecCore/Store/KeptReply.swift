/// The endpoint's reply as it was received, kept in `metadata.liftrec.reply` so replay gives back every member.
///
/// The body's structured-output member holds exactly the fixture's `response`, so it is not copied: `response_member`
/// names it and replay puts `response` back there, which keeps a store from doubling in size.
struct KeptReply: Sendable, Equatable {
    /// The HTTP status the endpoint answered with.
    var status: Int
    /// Every member of the reply body except the one named by `responseMember`.
    var body: JSONObject
    /// The body member that held the fixture's `response`, when one did.
    var responseMember: String?

    /// A reply with `status` and `body`, leaving `responseMember` out of the kept body when it holds `response`.
    init(status: Int, body: JSONObject, response: JSONValue, responseMember: String?) {
        self.status = status
        if let responseMember, body[responseMember] == response {
            var rest = body
            rest[responseMember] = nil
            self.body = rest
            self.responseMember = responseMember
        } else {
            self.body = body
            self.responseMember = nil
        }
    }

    /// Reads a stored `metadata.liftrec.reply` object, or explains what is wrong with it.
    init(parsing object: JSONElement) throws(FixtureFactsError) {
        guard let status = object["status"]?.numberValue?.intValue, (100...599).contains(status) else {
            throw FixtureFactsError(field: "reply.status", reason: "must be an HTTP status code")
        }
        guard let body = object["body"]?.value.objectValue else {
            throw FixtureFactsError(field: "reply.body", reason: "must be an object")
        }
        self.status = status
        self.body = body
        if let value = object["response_member"] {
            guard let name = value.stringValue else {
                throw FixtureFactsError(field: "reply.response_member", reason: "must be a string")
            }
            responseMember = name
        }
    }

    /// The object stored as `metadata.liftrec.reply`.
    var json: JSONObject {
        var object = JSONObject([("body", .object(body))])
        if let responseMember { object["response_member"] = .string(responseMember) }
        object["status"] = .number(JSONNumber(status))
        return object
    }

    /// The body as the endpoint sent it, with `response` back in its member.
    func body(response: JSONValue) -> JSONObject {
        guard let responseMember else { return body }
        var whole = body
        whole[responseMember] = response
        return whole
    }
}
