/// Where and how a chat front-end listens (`chatmaster` and `msgpackChat`
/// in the configuration file). Chat clients are often people, so the
/// timeouts are long.
public struct ChatListenerConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// Numeric IPv4 or IPv6 address (`address`).
    public var host: String
    /// TCP port; 0 picks a free one (`port`).
    public var port: UInt16
    /// A connection must log in within this (`loginTimeoutSeconds`).
    public var loginTimeout: Duration = .seconds(300)
    /// A connection that sends nothing for this long is closed; nil turns
    /// it off (`idleTimeoutSeconds`, 0 = off). A person reading without
    /// typing sends nothing, hence a day.
    public var idleTimeout: Duration? = .seconds(86_400)

    /// A listener on `host`:`port` with the default timeouts.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static let keys = ["enabled", "address", "port", "loginTimeoutSeconds", "idleTimeoutSeconds"]

    /// Reads a section; nil when it says `"enabled": false` (or has errors),
    /// `defaults` when the section is absent.
    static func read(_ section: ConfigurationSection?, defaults: ChatListenerConfiguration,
                     issues: ConfigurationIssues) -> ChatListenerConfiguration? {
        guard let section else { return defaults }
        section.warnAboutUnknownKeys(known: keys)
        if section.bool("enabled") == false { return nil }
        var listener = defaults
        if let address = section.string("address") {
            if SocketAddressText.isIPv4(address) || SocketAddressText.isIPv6(address) {
                listener.host = address
            } else {
                issues.error(section.childPath("address"), "must be a numeric IPv4 or IPv6 address, got \"\(address)\"")
            }
        }
        if let port = section.port("port") { listener.port = port }
        if let timeout = section.seconds("loginTimeoutSeconds") { listener.loginTimeout = timeout }
        if let timeout = section.seconds("idleTimeoutSeconds", allowZero: true) { listener.idleTimeout = timeout == .zero ? nil : timeout }
        return listener
    }
}

extension ChatListenerConfiguration {
    /// Two listeners cannot share an address and port: reports each clash
    /// at the chat section concerned.
    static func reportSharedPorts(chatMaster: ChatListenerConfiguration?, messagePackChat: ChatListenerConfiguration?,
                                  bester: [ListenerConfiguration], issues: ConfigurationIssues) {
        var taken: [String: String] = [:]
        for case let .tcp(host, port) in bester where port != 0 { taken["\(host) \(port)"] = "a Bester listener (network)" }
        for (path, listener) in [("chatmaster", chatMaster), ("msgpackChat", messagePackChat)] {
            guard let listener, listener.port != 0 else { continue }
            let key = "\(listener.host) \(listener.port)"
            if let owner = taken[key] {
                issues.error("\(path).port", "\(listener) is already used by \(owner)")
            } else {
                taken[key] = path
            }
        }
    }
}
