/// One address the Bester protocol is served on.
public enum ListenerConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// TCP on a numeric IPv4 or IPv6 address (port 0 picks a free port).
    case tcp(host: String, port: UInt16)
    /// A Unix domain socket.
    case unix(path: String)

    public var description: String {
        switch self {
        case let .tcp(host, port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case let .unix(path): return "unix:\(path)"
        }
    }
}
