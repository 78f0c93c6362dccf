import BesterIO
import BesterProtocol
import Synchronization

/// What every session shares: configuration, accounts, handlers, the online
/// registry, the router and the chat service, plus connection accounting and
/// shutdown state.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let logger: Logger
    let accounts: AccountService
    let handlers: HandlerRegistry
    let sessions: SessionRegistry
    let router: Router
    let chat: ChatService
    let group: EventLoopGroup
    let loopSessions: [LoopSessions]

    private let connectionCount = Atomic<Int>(0)
    private let shuttingDown = Atomic<Bool>(false)
    private let closedSignal: AsyncStream<Void>.Continuation
    let sessionClosedEvents: AsyncStream<Void>

    init(configuration: ServerConfiguration, logger: Logger, accounts: AccountService, chat: ChatService, group: EventLoopGroup) {
        self.configuration = configuration
        self.logger = logger
        self.accounts = accounts
        self.chat = chat
        self.group = group
        self.handlers = HandlerRegistry()
        self.sessions = SessionRegistry()
        self.router = Router(handlers: handlers, sessions: sessions, limits: configuration.limits)
        self.loopSessions = group.loops.map { LoopSessions(loop: $0) }
        (sessionClosedEvents, closedSignal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// True once shutdown has begun: new requests are refused.
    var isShuttingDown: Bool { shuttingDown.load(ordering: .relaxed) }

    /// Marks shutdown as begun; false if it already was.
    func markShuttingDown() -> Bool { !shuttingDown.exchange(true, ordering: .relaxed) }

    /// Connections currently open.
    var openConnections: Int { connectionCount.load(ordering: .relaxed) }

    /// Binds `configured` (`HOST:PORT` or `unix:PATH`) on the first loop and
    /// accepts its connections as ``accept(_:protocolName:refusal:makeSession:)`` does.
    func listen(on configured: some CustomStringConvertible & Sendable, protocolName: String,
                refusal: @escaping @Sendable (_ reason: String) -> [UInt8],
                makeSession: @escaping @Sendable (Connection) -> any ConnectionHandler & ManagedSession) async throws -> Listener {
        guard let address = SocketAddress(numeric: configured.description) else {
            throw IOError("listen \(configured)", message: "not a numeric address")
        }
        let loop = group.loops[0]
        let listener = try await loop.submit { [self] in
            try Listener.bind(address, on: loop, onAccept: { [self] socket in
                accept(socket, protocolName: protocolName, refusal: refusal, makeSession: makeSession)
            }, onError: { [self] error in
                logger.error("listener.accept_failed", ["address": "\(address)", "protocol": protocolName, "error": "\(error)"])
            })
        }
        logger.info("listener.open", ["address": "\(listener.address)", "protocol": protocolName])
        return listener
    }

    /// Takes an accepted socket: refuses it past `limits.maxConnections`,
    /// otherwise serves it on the next loop with a session from `makeSession`.
    func accept(_ socket: AcceptedSocket, protocolName: String, refusal: (_ reason: String) -> [UInt8],
                makeSession: @escaping @Sendable (Connection) -> any ConnectionHandler & ManagedSession) {
        let limit = configuration.limits.maxConnections
        // Read once: the count is taken only when not stopping, and given back by the same reading.
        let stopping = isShuttingDown
        if stopping || connectionCount.add(1, ordering: .relaxed).newValue > limit {
            if !stopping { connectionCount.subtract(1, ordering: .relaxed) }
            logger.warning("connection.refused", ["protocol": protocolName, "remote": socket.remoteAddress.map { "\($0)" } ?? "-",
                                                  "reason": stopping ? "shutting down" : "maxConnections \(limit) reached"])
            // What the client is told, in its protocol's words (`refusal`).
            socket.reject(sending: refusal(stopping ? "the server is shutting down"
                                               : "the server is full (\(limit) connections); try again later"))
            return
        }
        let loop = group.next()
        let sessions = loopSessions[loop.index]
        let limits = ConnectionLimits(maximumPendingOutputBytes: configuration.limits.maxPendingOutputBytes,
                                      readPauseThresholdBytes: min(1024 * 1024, configuration.limits.maxPendingOutputBytes / 2))
        loop.execute { [self] in
            do {
                let connection = try Connection.adopt(socket, on: loop, limits: limits) { connection in
                    let session = makeSession(connection)
                    sessions.add(session)
                    return session
                }
                logger.debug("connection.open", ["conn": "\(connection.id)", "protocol": protocolName,
                                                 "remote": connection.remoteAddress.map { "\($0)" } ?? "-"])
            } catch {
                connectionCount.subtract(1, ordering: .relaxed)
                logger.error("connection.adopt_failed", ["error": "\(error)"])
            }
        }
    }

    /// A session's connection closed (called on its loop).
    func sessionClosed(_ session: any ManagedSession) {
        loopSessions[session.connection.loop.index].remove(session)
        connectionCount.subtract(1, ordering: .relaxed)
        closedSignal.yield()
    }
}
