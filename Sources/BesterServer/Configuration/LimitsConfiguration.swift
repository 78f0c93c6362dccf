/// Resource limits (`limits` in the configuration file).
public struct LimitsConfiguration: Sendable, Equatable {
    /// Largest frame body accepted, bytes (`maxFrameBytes`).
    public var maxFrameBytes = 4 * 1024 * 1024
    /// Connections served at once over all listeners (`maxConnections`);
    /// past it new connections get an error and are closed.
    public var maxConnections = 65_536
    /// A connection must send a valid first frame within this (`handshakeTimeoutSeconds`).
    public var handshakeTimeout: Duration = .seconds(10)
    /// A connection silent this long is closed; nil turns it off (`idleTimeoutSeconds`, 0 = off).
    public var idleTimeout: Duration? = .seconds(300)
    /// Output allowed to wait for a slow reader before it is disconnected (`maxPendingOutputBytes`).
    public var maxPendingOutputBytes = 8 * 1024 * 1024
    /// How long a message handler may take to answer (`handlerTimeoutSeconds`).
    public var handlerTimeout: Duration = .seconds(10)
    /// How many `sendHandler` hops a message may take (`maxHandlerHops`).
    public var maxHandlerHops = 8
    /// How long shutdown waits for in-flight requests (`shutdownGraceSeconds`).
    public var shutdownGrace: Duration = .seconds(5)

    /// The defaults.
    public init() {}

    static let keys = ["maxFrameBytes", "maxConnections", "handshakeTimeoutSeconds", "idleTimeoutSeconds",
                       "maxPendingOutputBytes", "handlerTimeoutSeconds", "maxHandlerHops", "shutdownGraceSeconds"]

    init(reading section: ConfigurationSection?) {
        guard let section else { return }
        section.warnAboutUnknownKeys(known: Self.keys)
        if let value = section.integer("maxFrameBytes", in: 16...(1 << 30), unit: " bytes") { maxFrameBytes = value }
        if let value = section.integer("maxConnections", in: 1...10_000_000) { maxConnections = value }
        if let value = section.seconds("handshakeTimeoutSeconds") { handshakeTimeout = value }
        if let value = section.seconds("idleTimeoutSeconds", allowZero: true) { idleTimeout = value == .zero ? nil : value }
        if let value = section.integer("maxPendingOutputBytes", in: 4096...(1 << 32), unit: " bytes") { maxPendingOutputBytes = value }
        if let value = section.seconds("handlerTimeoutSeconds") { handlerTimeout = value }
        if let value = section.integer("maxHandlerHops", in: 1...64) { maxHandlerHops = value }
        if let value = section.seconds("shutdownGraceSeconds", allowZero: true) { shutdownGrace = value }
    }
}
