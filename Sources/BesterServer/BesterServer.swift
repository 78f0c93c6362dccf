import BesterIO
import BesterProtocol
import Foundation
import Synchronization

/// A Bester server: listeners, sessions, authentication, handlers, routing.
///
/// ```swift
/// let server = try BesterServer(configuration: .ephemeral)
/// server.register(MyHandler(), forType: "weather")
/// try await server.start()
/// print(server.listeningAddresses)
/// ...
/// await server.shutdown()
/// ```
///
/// Register handlers before ``start()``. The server runs on its own event
/// loop threads (one per CPU it may use); apart from the initializer, which
/// opens storage, nothing here blocks the caller. ``shutdown()`` releases
/// every thread and descriptor, also of a server never started.
public final class BesterServer: Sendable {
    /// The configuration it runs with.
    public let configuration: ServerConfiguration
    let context: ServerContext
    private let storage: ServerStorage
    private let listeners = Mutex<[Listener]>([])
    private let chatListeners = Mutex<[ChatFrontEnd: Listener]>([:])
    /// The `handlers.typeMap` handlers, in configuration order.
    private let externalHandlers: [ExternalHandlerEndpoint]
    private let stopped: AsyncStream<Void>
    private let stoppedSignal: AsyncStream<Void>.Continuation

    /// Creates a server: opens storage and starts the event loops, but does
    /// not listen yet.
    public init(configuration: ServerConfiguration = .embeddedDefaults, logger: Logger? = nil,
                loopCount: Int = EventLoopGroup.defaultLoopCount) throws {
        self.configuration = configuration
        let logger = logger ?? Logger(level: configuration.logLevel)
        storage = try ServerStorage.open(configuration.storage, logger: logger)
        let accounts = try AccountService(store: storage.accountStore, configuration: configuration.accounts)
        let group = try EventLoopGroup(loopCount: loopCount)
        let chat = try ChatService(configuration: configuration.chat, database: storage.database, loops: group.loops, logger: logger)
        context = ServerContext(configuration: configuration, logger: logger, accounts: accounts, chat: chat, group: group)
        (stopped, stoppedSignal) = AsyncStream<Void>.makeStream()
        externalHandlers = configuration.externalHandlers.map { handler in
            ExternalHandlerEndpoint(configuration: handler, limits: configuration.limits, loops: group.loops,
                                    supervisor: HandlerProcessSupervisor(configuration: handler, logger: logger), logger: logger)
        }
        for endpoint in externalHandlers {
            context.handlers.register(endpoint, forType: endpoint.link.configuration.type)
        }
        for type in configuration.builtinHandlers {
            switch type {
            case "echo": register(EchoHandler(), forType: "echo", displayName: "echo (built-in)")
            case "dummy": register(DummyHandler(), forType: "dummy", displayName: "dummy (built-in)")
            case "chat": context.handlers.register(ChatHandlerEndpoint(chat: chat), forType: ChatHandlerEndpoint.type)
            default: break
            }
        }
    }

    /// The account service, for embedders and administration.
    public var accounts: AccountService { context.accounts }

    /// Serves messages of `type` with an in-process handler.
    ///
    /// - Precondition: `type` is neither empty nor `builtin` (the built-in
    ///   commands' type, which no handler could ever receive).
    public func register(_ handler: some MessageHandler, forType type: String) {
        Self.checkHandlerType(type)
        register(handler, forType: type, displayName: "'\(type)'")
    }

    /// Serves messages of `type` with an in-process handler that awaits.
    ///
    /// - Precondition: `type` is neither empty nor `builtin`.
    public func register(_ handler: some AsyncMessageHandler, forType type: String) {
        Self.checkHandlerType(type)
        context.handlers.register(AsyncInProcessEndpoint(handler: handler, displayName: "'\(type)'"), forType: type)
    }

    /// A handler registered for a type no request can have is a mistake in
    /// the embedding program: it stops there rather than serve without it.
    /// (`fatalError`, not `precondition`: its message is printed in release builds too.)
    private static func checkHandlerType(_ type: String) {
        if let problem = handlerTypeProblem(type) { fatalError(problem) }
    }

    /// Why no handler may be registered for `type`, if it may not.
    static func handlerTypeProblem(_ type: String) -> String? {
        if type.isEmpty { return "BesterServer.register: the message type is empty" }
        if type == BuiltinCommand.payloadType {
            return "BesterServer.register: '\(type)' is the built-in commands' type; no handler can serve it"
        }
        return nil
    }

    private func register(_ handler: some MessageHandler, forType type: String, displayName: String) {
        context.handlers.register(InProcessEndpoint(handler: handler, displayName: displayName), forType: type)
    }

    /// The message types served.
    public var handlerTypes: [String] { context.handlers.types }

    /// Addresses being listened on (with the real ports when 0 was configured).
    public var listeningAddresses: [SocketAddress] { listeners.withLock { $0.map(\.address) } }

    /// Where ChatMaster is served, once started (nil when disabled).
    public var chatMasterAddress: SocketAddress? { chatListeners.withLock { $0[.chatMaster]?.address } }

    /// Where MessagePack chat is served, once started (nil when disabled).
    public var messagePackChatAddress: SocketAddress? { chatListeners.withLock { $0[.messagePack]?.address } }

    /// Binds every configured listener, starts the handler programs and
    /// serves. The ports are bound first: a second server started with the
    /// same configuration by mistake stops there, before its handler
    /// programs could take the running server's handler sockets. When it
    /// throws, the server has released everything (as ``shutdown()``) and
    /// cannot be started again.
    public func start() async throws {
        for sessions in context.loopSessions {
            sessions.loop.execute { sessions.startSweeping() }
        }
        do {
            for listener in configuration.listeners {
                do {
                    try await listen(on: listener)
                } catch let error as IOError where configuration.isEmbeddedDefault && Self.isUnavailableAddress(error) {
                    // The defaults include [::1]; a host without IPv6 still starts.
                    context.logger.warning("listener.skipped", ["address": "\(listener)", "error": "\(error)"])
                }
            }
            guard !listeningAddresses.isEmpty else {
                throw IOError("listen", message: "no listener could be bound")
            }
            for (frontEnd, configured) in [(ChatFrontEnd.chatMaster, configuration.chatMaster), (.messagePack, configuration.messagePackChat)] {
                guard let configured else { continue }
                let listener = try await frontEnd.listen(on: configured, context: context)
                chatListeners.withLock { $0[frontEnd] = listener }
            }
        } catch {
            await shutdown()
            throw error
        }
        await startHandlerProcesses()
        context.logger.info("server.started", ["listeners": listeningAddresses.map { "\($0)" }.joined(separator: ","),
                                               "loops": "\(context.group.loops.count)",
                                               "handlers": handlerTypes.joined(separator: ","),
                                               "registration": configuration.registrationOpen ? "open" : "closed"])
    }

    private func listen(on configured: ListenerConfiguration) async throws {
        let context = self.context
        let listener = try await context.listen(on: configured, protocolName: "bester", refusal: { reason in
            ServerMessage.response(.failure(ErrorReport(code: .serverFull, message: reason))).frame(in: .v2)
        }, makeSession: { connection in BesterSession(connection: connection, server: context) })
        listeners.withLock { $0.append(listener) }
    }

    /// Starts the supervised handler programs and waits (a bounded time)
    /// until each accepts connections, so that the first requests find them.
    private func startHandlerProcesses() async {
        let supervisors = externalHandlers.compactMap(\.supervisor)
        for supervisor in supervisors { supervisor.start() }
        let logger = context.logger
        await withTaskGroup(of: Void.self) { group in
            for supervisor in supervisors {
                group.addTask {
                    if await !supervisor.waitForFirstStart(within: HandlerProcessSupervisor.readinessWarning) {
                        logger.warning("handler.not_ready", ["type": supervisor.configuration.type,
                                                             "note": "serving anyway; its requests wait for it or fail"])
                    }
                }
            }
        }
    }

    /// Closes connections to external handlers, then stops the supervised
    /// programs (SIGTERM, SIGKILL after `limits.shutdownGraceSeconds`).
    private func stopHandlerProcesses() async {
        let grace = configuration.limits.shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            for endpoint in externalHandlers {
                group.addTask {
                    await endpoint.close()
                    await endpoint.supervisor?.stop(grace: grace)
                }
            }
        }
    }

    private static func isUnavailableAddress(_ error: IOError) -> Bool {
        error.code == EADDRNOTAVAIL || error.code == EAFNOSUPPORT
    }

    /// Stops gracefully: stop accepting, tell clients, let in-flight requests
    /// finish (up to `limits.shutdownGraceSeconds`), close everything, close
    /// storage. Safe to call more than once.
    public func shutdown() async {
        guard context.markShuttingDown() else {
            for await _ in stopped {}
            return
        }
        context.logger.info("server.stopping", ["connections": "\(context.openConnections)"])
        closeListeners()
        for sessions in context.loopSessions {
            sessions.loop.execute { sessions.beginShutdown() }
        }
        let deadline = ContinuousClock.now + configuration.limits.shutdownGrace
        let context = self.context
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in context.sessionClosedEvents where context.openConnections == 0 { return }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                // The grace is over. Requests still waiting for a handler get
                // their one response (unavailable: shutting down), and their
                // sessions close once it is sent.
                for endpoint in context.handlers.all { await endpoint.close() }
                try? await Task.sleep(for: Self.lastFlush)
            }
            if context.openConnections > 0 { await group.next() }
            group.cancelAll()
        }
        if context.openConnections > 0 {
            context.logger.warning("server.forced_close", ["connections": "\(context.openConnections)"])
            for sessions in context.loopSessions { sessions.loop.execute { sessions.closeAll() } }
        }
        await stopHandlerProcesses()
        context.group.shutdown()
        await context.chat.flush()
        storage.close()
        context.logger.info("server.stopped")
        stoppedSignal.finish()
    }

    /// Stops accepting on every listener, Bester's and the chat front-ends'.
    private func closeListeners() {
        for listener in listeners.withLock({ $0 }) { listener.close() }
        for listener in chatListeners.withLock({ $0.values }) { listener.close() }
    }

    /// How long sessions get to send the last responses of a shutdown whose grace ran out.
    private static let lastFlush: Duration = .seconds(1)

    /// Waits until ``shutdown()`` has finished.
    public func waitUntilStopped() async {
        for await _ in stopped {}
    }
}
