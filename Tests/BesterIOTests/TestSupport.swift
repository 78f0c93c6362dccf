import BesterIO
import Synchronization

/// Collects chunks from a connection until `count` bytes have arrived.
func receive(_ count: Int, from iterator: inout AsyncThrowingStream<[UInt8], any Error>.Iterator) async throws -> [UInt8] {
    var received: [UInt8] = []
    while received.count < count {
        guard let chunk = try await iterator.next() else { break }
        received += chunk
    }
    return received
}

/// Echoes every byte back; records how it closed.
final class EchoHandler: ConnectionHandler {
    let closed: @Sendable (ConnectionCloseReason) -> Void
    init(closed: @escaping @Sendable (ConnectionCloseReason) -> Void = { _ in }) { self.closed = closed }
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) { connection.write(bytes) }
    func connectionDidReachEndOfInput(_ connection: Connection) { connection.closeAfterFlush() }
    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) { closed(reason) }
}

/// Starts a listener on `address` whose connections are served by handlers
/// from `makeHandler`, on `group`'s loops.
func startServer(_ group: EventLoopGroup, on address: SocketAddress,
                 makeHandler: @escaping @Sendable () -> ConnectionHandler = { EchoHandler() }) async throws -> Listener {
    let loop = group.next()
    return try await loop.submit {
        try Listener.bind(address, on: loop) { socket in
            let target = group.next()
            target.execute {
                _ = try? Connection.adopt(socket, on: target) { _ in makeHandler() }
            }
        }
    }
}

/// Thread-safe collected values for assertions.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func append(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
}
