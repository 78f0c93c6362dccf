/// Encodes server messages into frames in one buffer reused from call to
/// call, so a server thread writing many messages allocates nothing per
/// message. Not thread-safe: one per thread (per event loop).
///
/// ```swift
/// encoder.withFrame(of: .response(response), in: .v2_1) { connection.write($0) }
/// ```
public struct ServerMessageEncoder: ~Copyable {
    private var output = JSONOutput(capacity: ServerMessageEncoder.retainedCapacity)
    private static let retainedCapacity = 64 * 1024

    /// Creates an encoder.
    public init() {}

    /// Encodes `message` as one frame in `dialect` and passes its bytes to
    /// `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of message: ServerMessage, in dialect: Dialect,
                                           _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.reset(keepingAtMost: Self.retainedCapacity)
        message.envelope.writeFrame(in: dialect, into: &output)
        return output.withBytes { body(UnsafeRawBufferPointer($0)) }
    }
}
