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
        withFrame(written: { message.envelope.writeFrame(in: dialect, into: &$0) }, body)
    }

    /// Encodes a handler's reply as one frame in `shape` and passes its
    /// bytes to `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of reply: HandlerReply, shape: HandlerReplyShape = .specification,
                                           _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withFrame(written: { reply.writeFrame(shape: shape, into: &$0) }, body)
    }

    /// Encodes `value` as one frame (its compact JSON) and passes the bytes
    /// to `body`; they are valid only during the call.
    public mutating func withFrame<Result>(of value: JSONValue, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withFrame(written: { JSONSerializer.writeFrame(value, into: &$0) }, body)
    }

    /// Empties the buffer, lets `write` append one frame, and lends the bytes to `body`.
    private mutating func withFrame<Result>(written write: (inout JSONOutput) -> Void,
                                            _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        output.reset(keepingAtMost: Self.retainedCapacity)
        write(&output)
        return output.withBytes { body(UnsafeRawBufferPointer($0)) }
    }
}
