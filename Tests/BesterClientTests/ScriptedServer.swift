import BesterClient
import Testing

/// A small server that is not besterd: each connection gets a session
/// object (made by the test) that answers bytes with bytes. For protocol
/// violations, and for the chat protocols whose real front-ends live elsewhere.
final class ScriptedServer: Sendable {
    let listener: Listener

    private static let group: EventLoopGroup = {
        do { return try EventLoopGroup(loopCount: 1) } catch { fatalError("scripted server event loop: \(error)") }
    }()

    private init(listener: Listener) {
        self.listener = listener
    }

    /// Listens on a free loopback port; `makeSession` runs on the loop for each connection.
    static func start(_ makeSession: @escaping @Sendable (Connection) -> ConnectionHandler) async throws -> ScriptedServer {
        let loop = group.next()
        let address = try #require(SocketAddress(numeric: "127.0.0.1:0"))
        let listener = try await loop.submit {
            try Listener.bind(address, on: loop) { socket in
                _ = try? Connection.adopt(socket, on: loop, makeHandler: makeSession)
            }
        }
        return ScriptedServer(listener: listener)
    }

    var endpoint: Endpoint { .tcp(host: "127.0.0.1", port: listener.address.port ?? 0) }

    func stop() { listener.close() }
}

/// A session that calls `onRead` with each chunk and closes when the peer does.
final class ScriptedSession: ConnectionHandler {
    private let onRead: (Connection, [UInt8]) -> Void
    private let onClose: () -> Void

    init(onRead: @escaping (Connection, [UInt8]) -> Void, onClose: @escaping () -> Void = {}) {
        self.onRead = onRead
        self.onClose = onClose
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) { onRead(connection, Array(bytes)) }
    func connectionDidReachEndOfInput(_ connection: Connection) { connection.closeAfterFlush() }
    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) { onClose() }
}
