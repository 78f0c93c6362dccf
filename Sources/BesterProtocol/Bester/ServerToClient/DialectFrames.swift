/// One server message, encoded at most once per wire shape, for fan-out:
/// every recipient speaking v2 or v2.1 gets the same bytes, every v3
/// recipient the other bytes (arrays share storage, so handing them to many
/// connections copies nothing).
///
/// ```swift
/// var frames = DialectFrames(.delivery(delivery))
/// for session in recipients { session.write(frames.frame(for: session.dialect)) }
/// ```
public struct DialectFrames: Sendable {
    /// The message being fanned out.
    public let message: ServerMessage
    private var payloadShape: [UInt8]?
    private var topLevelDataShape: [UInt8]?

    /// Wraps a message; nothing is encoded until a dialect asks.
    public init(_ message: ServerMessage) {
        self.message = message
    }

    /// The framed bytes for a recipient speaking `dialect`, encoded on first use.
    public mutating func frame(for dialect: Dialect) -> [UInt8] {
        if dialect.hasPayloadEnvelope {
            if let payloadShape { return payloadShape }
            let bytes = message.frame(in: dialect)
            payloadShape = bytes
            return bytes
        }
        if let topLevelDataShape { return topLevelDataShape }
        let bytes = message.frame(in: dialect)
        topLevelDataShape = bytes
        return bytes
    }
}
