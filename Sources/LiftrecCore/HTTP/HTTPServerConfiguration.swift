import Glibc

/// Where an `HTTPServer` listens and the limits it holds clients to.
struct HTTPServerConfiguration: Sendable {
    /// Numeric IPv4 or IPv6 address to listen on; loopback unless the user asks otherwise.
    var host: String
    /// TCP port; 0 lets the system pick one (read it back from `HTTPServer.port`).
    var port: Int
    /// Largest request body accepted, after chunked decoding; larger ones are answered 413.
    var maxBodyBytes = 16 << 20
    /// Longest request line accepted; longer ones are answered 414.
    var maxRequestLineBytes = 8 << 10
    /// Largest header section accepted; larger ones are answered 431.
    var maxHeaderBytes = 64 << 10
    /// Time a client has to send a whole request head, from its first byte (or from connecting); then 408.
    var headerTimeout: Duration = .seconds(10)
    /// Time a keep-alive connection may sit idle between requests, a body may stall, or a client may not read.
    var idleTimeout: Duration = .seconds(60)
    /// Open connections allowed; a connection beyond this is accepted, answered 503 and closed at once.
    var maxConnections = 1024
    /// Time `stop()` waits for responses in flight before closing every connection.
    var stopTimeout: Duration = .seconds(5)
    /// Event-loop threads, each with its own epoll instance; defaults to the number of online processors.
    var eventLoops = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// A configuration with default limits, listening on `host` and `port`.
    init(host: String = "127.0.0.1", port: Int = 0) {
        self.host = host
        self.port = port
    }

    /// Throws when a setting is out of range.
    func validate() throws(ServerError) {
        try Self.check("port", port, in: 0...65535)
        try Self.check("maxBodyBytes", maxBodyBytes, in: 0...(1 << 40))
        try Self.check("maxRequestLineBytes", maxRequestLineBytes, in: 16...(1 << 20))
        try Self.check("maxHeaderBytes", maxHeaderBytes, in: 16...(16 << 20))
        try Self.check("maxConnections", maxConnections, in: 1...(1 << 20))
        try Self.check("eventLoops", eventLoops, in: 1...256)
        for (name, value) in [("headerTimeout", headerTimeout), ("idleTimeout", idleTimeout), ("stopTimeout", stopTimeout)]
        where value < .milliseconds(1) || value > .seconds(86_400) {
            throw .invalidSetting(name: name, value: "\(value)", allowed: "1 ms...1 day")
        }
    }

    private static func check(_ name: String, _ value: Int, in range: ClosedRange<Int>) throws(ServerError) {
        guard range.contains(value) else {
            throw .invalidSetting(name: name, value: "\(value)", allowed: "\(range.lowerBound)...\(range.upperBound)")
        }
    }
}
