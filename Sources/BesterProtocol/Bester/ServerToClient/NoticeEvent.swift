/// What a ``Notice`` announces. A struct so clients can read events a newer
/// server adds; the known ones are the static members.
public struct NoticeEvent: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The event as written on the wire.
    public let rawValue: String

    /// Wraps an event name.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The server is shutting down; the connection will close.
    public static let shutdown = NoticeEvent(rawValue: "shutdown")
    /// The connection was idle too long and is being closed.
    public static let idleTimeout = NoticeEvent(rawValue: "idleTimeout")
    /// The client did not identify or authenticate in time.
    public static let handshakeTimeout = NoticeEvent(rawValue: "handshakeTimeout")
}
