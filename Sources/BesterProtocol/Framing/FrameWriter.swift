/// Encodes frames into one buffer reused from call to call, so a thread
/// writing many frames allocates nothing per frame: the bytes are lent to a
/// closure, which copies them where they go (a connection's output).
/// Not thread-safe: one per thread (per event loop).
///
/// ```swift
/// writer.withFrame(of: .response(response), in: .v2_1) { connection.write($0) }
/// ```
public struct FrameWriter: ~Copyable {
    private var output = JSONOutput(capacity: FrameWriter.retainedCapacity)
    private static let retainedCapacity = 64 * 1024

    /// Creates a writer.
    public init() {}

    /// Encodes a server message as one frame in `dialect` and passes its
    /// bytes to `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of message: ServerMessage, in dialect: Dialect,
                                           _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.reset(keepingAtMost: Self.retainedCapacity)
        message.envelope.writeFrame(in: dialect, into: &output)
        return output.withBytes { body(UnsafeRawBufferPointer($0)) }
    }

    /// Encodes a handler's reply as one frame in `shape` and passes its
    /// bytes to `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of reply: HandlerReply, shape: HandlerReplyShape = .specification,
                                           _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.reset(keepingAtMost: Self.retainedCapacity)
        reply.writeFrame(shape: shape, into: &output)
        return output.withBytes { body(UnsafeRawBufferPointer($0)) }
    }

    /// Encodes `value` as one frame (its compact JSON) and passes the bytes
    /// to `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of value: JSONValue, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.reset(keepingAtMost: Self.retainedCapacity)
        JSONSerializer.writeFrame(value, into: &output)
        return output.withBytes { body(UnsafeRawBufferPointer($0)) }
    }
}
