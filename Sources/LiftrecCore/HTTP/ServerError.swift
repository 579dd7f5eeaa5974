import Glibc

/// Why an HTTP server could not be created or started.
enum ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host is not a numeric IPv4 or IPv6 address.
    case invalidHost(String)
    /// A configuration value is out of range: the setting's name, its value and the allowed range.
    case invalidSetting(name: String, value: String, allowed: String)
    /// Binding or listening on the address failed with this `errno`.
    case cannotListen(host: String, port: Int, errno: Int32)
    /// A system call failed with this `errno`.
    case systemCall(String, errno: Int32)

    /// The message shown to the user.
    var description: String {
        switch self {
        case .invalidHost(let host):
            return "host \(quoted(host)) is not a numeric IP address; use one such as 127.0.0.1 or ::1"
        case .invalidSetting(let name, let value, let allowed):
            return "server setting \(name) is \(value); use a value in \(allowed)"
        case .cannotListen(let host, let port, let code):
            let what = code == EADDRINUSE ? "the address is already in use" : errnoText(code)
            return "cannot listen on \(host):\(port): \(what); choose another port, or 0 to let the system pick one"
        case .systemCall(let name, let code):
            return "\(name) failed: \(errnoText(code)); check the process's file-descriptor and memory limits, then retry"
        }
    }
}
