/// A ``Connection`` used with async/await: a stream of received chunks and
/// thread-safe sends. For clients and tools; servers use ``Connection`` with
/// a handler directly.
public final class AsyncConnection: Sendable {
    /// The underlying connection.
    public let connection: Connection
    /// Bytes as they arrive. Finishes when the peer closes; throws
    /// ``ConnectionClosedError`` when the connection fails.
    public let inbound: AsyncThrowingStream<[UInt8], any Error>

    private init(connection: Connection, inbound: AsyncThrowingStream<[UInt8], any Error>) {
        self.connection = connection
        self.inbound = inbound
    }

    /// Connects to `endpoint`, trying each address it resolves to in turn.
    public static func connect(to endpoint: Endpoint, on loop: EventLoop, timeout: Duration = .seconds(10),
                               limits: ConnectionLimits = ConnectionLimits()) async throws -> AsyncConnection {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let connection = try await Connection.connect(to: endpoint, on: loop, timeout: timeout, limits: limits,
                                                      makeHandler: { _ in StreamingHandler(continuation) })
        return AsyncConnection(connection: connection, inbound: stream)
    }

    /// Connects to one address.
    public static func connect(to address: SocketAddress, on loop: EventLoop, timeout: Duration = .seconds(10),
                               limits: ConnectionLimits = ConnectionLimits()) async throws -> AsyncConnection {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        let connection = try await Connection.connect(to: address, on: loop, timeout: timeout, limits: limits,
                                                      makeHandler: { _ in StreamingHandler(continuation) })
        return AsyncConnection(connection: connection, inbound: stream)
    }

    /// Queues bytes for sending (any thread).
    public func send(_ bytes: [UInt8]) { connection.send(bytes) }

    /// Closes at once.
    public func close() { connection.close() }

    /// Closes after queued bytes are sent.
    public func closeAfterFlush() { connection.closeAfterFlush() }
}

/// Why an ``AsyncConnection``'s inbound stream ended with an error.
public struct ConnectionClosedError: Error, Sendable, CustomStringConvertible {
    /// What closed it.
    public let reason: ConnectionCloseReason
    public var description: String { "connection \(reason)" }
}

/// Forwards connection events into an `AsyncThrowingStream`.
private final class StreamingHandler: ConnectionHandler {
    private let continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation

    init(_ continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation) {
        self.continuation = continuation
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        continuation.yield(Array(bytes))
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        continuation.finish()
        connection.closeAfterFlush()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        switch reason {
        case .closedLocally, .closedByPeer: continuation.finish()
        default: continuation.finish(throwing: ConnectionClosedError(reason: reason))
        }
    }
}
