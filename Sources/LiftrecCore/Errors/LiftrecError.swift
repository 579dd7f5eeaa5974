/// Why a command could not run at all (exit status 2), with the one-line message shown to the user.
enum LiftrecError: Error, Sendable, Equatable {
    /// A bad command line.
    case usage(String)
    /// A file that is not valid JSON, at a 1-based line and column.
    case invalidJSON(file: String, line: Int, column: Int, reason: String)
    /// A suite file that is valid JSON but not a valid suite.
    case suite(file: String, caseKey: String?, field: String?, reason: String)
    /// A store file that is valid JSON but not a valid store.
    case store(file: String, reason: String)
    /// A file operation failed.
    case io(FileError)
    /// The endpoint is not configured or not usable.
    case endpoint(String)
    /// Another liftrec holds the store's lock.
    case locked(file: String, waitedSeconds: Double)

    /// The `kind` reported in `--json` errors.
    var kind: String {
        switch self {
        case .usage: return "usage"
        case .invalidJSON: return "invalid_json"
        case .suite: return "suite"
        case .store: return "store"
        case .io: return "io"
        case .endpoint: return "endpoint"
        case .locked: return "locked"
        }
    }

    /// The file at fault, when there is one.
    var file: String? {
        switch self {
        case .invalidJSON(let file, _, _, _), .suite(let file, _, _, _), .store(let file, _), .locked(let file, _):
            return file
        case .io(let error):
            return error.path
        case .usage, .endpoint:
            return nil
        }
    }

    /// The one-line message: names the thing at fault and, where possible, the fix.
    var message: String {
        switch self {
        case .usage(let text):
            return text
        case .invalidJSON(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): invalid JSON: \(reason)"
        case .suite(let file, let caseKey, let field, let reason):
            var text = file + ":"
            if let caseKey { text += " case \(quoted(caseKey)):" }
            if let field { text += " field \(quoted(field)):" }
            return text + " " + reason
        case .store(let file, let reason):
            return "\(file): \(reason)"
        case .io(let error):
            return error.message
        case .endpoint(let text):
            return text
        case .locked(let file, let waited):
            let waitedText = waited > 0 ? " after waiting \(DurationText.format(waited))" : ""
            return "\(file) is locked by another liftrec\(waitedText); wait for it to finish or pass --wait-lock SECONDS"
        }
    }

    /// The `{"error": {...}}` object printed on stdout under `--json`.
    var json: JSONValue {
        var error = JSONObject()
        error["kind"] = .string(kind)
        error["message"] = .string(message)
        if let file { error["file"] = .string(file) }
        if case .invalidJSON(_, let line, let column, _) = self {
            error["line"] = .number(JSONNumber(line))
            error["column"] = .number(JSONNumber(column))
        }
        return .object(JSONObject([("error", .object(error))]))
    }
}
