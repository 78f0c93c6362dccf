/// Who is on the other end of a connection: `header.scope` in v2.1,
/// `header.identify.type` in v3.
public enum ConnectionRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A user's client; it must authenticate.
    case client
    /// A peer server (federation); it must be a configured peer.
    case server

    public var description: String { rawValue }
}
