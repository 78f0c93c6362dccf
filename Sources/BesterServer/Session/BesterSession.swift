import BesterIO
import BesterProtocol

/// One client connection speaking Bester, read top to bottom:
///
/// 1. bytes arrive and are cut into frames;
/// 2. the first frame decides the dialect and authenticates (or registers);
/// 3. each later frame is a request: built-in commands are answered here,
///    everything else goes to the router and its handler;
/// 4. every request gets exactly one response; deliveries from other users
///    arrive in between.
///
/// All state is touched on the connection's loop only.
final class BesterSession: ConnectionHandler, DeliveryTarget, ManagedSession, @unchecked Sendable {
    enum Phase: Equatable {
        /// Waiting for a valid first frame.
        case handshake
        /// Credentials are being checked; later frames wait in the decoder.
        case authenticating
        /// Logged in as ``username`` (or logged out, after `logout`).
        case ready
        /// Closing: nothing more is read.
        case closing
    }

    let connection: Connection
    let server: ServerContext
    private let loopSessions: LoopSessions
    private var decoder: FrameDecoder
    private(set) var phase = Phase.handshake
    /// Set by the first valid frame; replies use it.
    private(set) var dialect: Dialect?
    /// The logged-in user; nil before authentication and after `logout`.
    private(set) var username: String?
    var liveUsername: String? { phase == .closing ? nil : username }
    private var inFlight = 0
    private var inputEnded = false
    private(set) var lastActivity: UInt64
    let openedAt: UInt64

    var loop: EventLoop { connection.loop }

    init(connection: Connection, server: ServerContext) {
        self.connection = connection
        self.server = server
        self.loopSessions = server.loopSessions[connection.loop.index]
        self.decoder = FrameDecoder(maximumFrameSize: server.configuration.limits.maxFrameBytes)
        self.openedAt = connection.loop.now
        self.lastActivity = connection.loop.now
    }

    // MARK: Reading

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastActivity = loop.now
        do {
            // Whole frames are parsed straight from the read buffer.
            try decoder.decode(bytes, while: { isTakingFrames }) { handleFrame($0) }
        } catch {
            refuseStream(error)
        }
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        inputEnded = true
        processFrames()
        do { try decoder.finish() } catch {
            server.logger.info("session.truncated", ["conn": "\(connection.id)", "error": "\(error)"])
        }
        closeWhenIdle()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        phase = .closing
        leaveCurrentLogin()
        server.sessionClosed(self)
        let level: LogLevel = reason == .closedLocally || reason == .closedByPeer ? .debug : .warning
        server.logger.log(level, "session.closed") {
            ["conn": "\(connection.id)", "user": self.username ?? "-", "reason": "\(reason)"]
        }
    }

    /// Frames are handled except while credentials are checked (later
    /// frames wait in the decoder) and once closing.
    private var isTakingFrames: Bool { phase == .handshake || phase == .ready }

    /// Handles frames left waiting in the decoder, once they may be.
    private func processFrames() {
        do {
            try decoder.drain(while: { isTakingFrames }) { handleFrame($0) }
        } catch {
            refuseStream(error)
        }
    }

    /// The stream cannot be resynchronised after a bad length prefix.
    private func refuseStream(_ error: FrameError) {
        respond(.failure(ErrorReport(error)), in: dialect ?? .v2)
        close(after: "frame error: \(error)")
    }

    private func handleFrame(_ body: UnsafeRawBufferPointer) {
        if let dialect, let request = loopSessions.readRequest(body, dialect: dialect) {
            handle(request)
            return
        }
        // First frames, and any frame the quick read leaves, are parsed whole: the tree names any problem.
        let json: JSONValue
        do {
            json = try loopSessions.parse(body)
        } catch {
            respond(.failure(ErrorReport(error)), in: dialect ?? .v2)
            return
        }
        let frame: InboundFrame
        do {
            frame = try InboundFrame.parse(json, connectionDialect: dialect)
        } catch {
            let id = json["payload"]?["id"]?.stringValue
            let type = json["payload"]?["type"]?.stringValue ?? ""
            respond(.failure(error.report, type: type, id: id), in: error.replyDialect)
            return
        }
        if dialect == nil {
            begin(frame)
        } else if let request = frame.request {
            handle(request)
        }
    }

    // MARK: The first frame

    private func begin(_ frame: InboundFrame) {
        let role: ConnectionRole
        let credentials: Credentials?
        let request: ClientRequest?
        switch frame.kind {
        case let .identify(stanza, firstRequest):
            role = stanza.role
            credentials = stanza.credentials
            request = firstRequest
        case .request(let first):
            role = first.scope ?? .client
            credentials = first.credentials
            request = first
        }
        dialect = frame.dialect
        guard role == .client else {
            let report = ErrorReport(code: .unknownPeer, message: "this server has no federation peers configured; server connections are refused")
            respond(.failure(report, type: request?.type ?? "identify", id: request?.id))
            close(after: "server connection refused: no peers configured")
            return
        }
        guard let credentials else {
            respond(.failure(ErrorReport(code: .notAuthenticated, message: "the first frame must authenticate"), id: request?.id))
            return
        }
        if let request, request.isBuiltin, case .register(let name, let password)? = try? request.builtinCommand() {
            register(Credentials(username: name ?? credentials.username, password: password ?? credentials.password), request: request)
        } else {
            logIn(credentials, then: request)
        }
    }

    // MARK: Requests

    private func handle(_ request: ClientRequest) {
        // Only client connections get this far; a v2.1 frame cannot make one a server's.
        if let scope = request.scope, scope != .client {
            respond(.failure(.validation(at: "header.scope", "must stay \"client\" on a client connection"), type: request.type, id: request.id))
            return
        }
        if request.isBuiltin {
            executeBuiltin(request)
            return
        }
        guard let username else {
            respond(.failure(Self.notLoggedIn, type: request.type, id: request.id))
            return
        }
        if server.isShuttingDown {
            respond(.failure(ErrorReport(code: .shuttingDown, message: "the server is shutting down"), type: request.type, id: request.id))
            return
        }
        let started = loop.now
        var message = HandlerMessage(type: request.type, data: request.data, sender: username, id: request.id, dialect: dialect ?? .v2)
        message.origin = self
        switch server.router.routeImmediately(message, on: loop) {
        case .finished(let result):
            finish(type: request.type, id: request.id, as: username, with: result, startedAt: started)
        case .continues(let next, let endpoint):
            inFlight += 1
            server.router.route(next, endpoint: endpoint, on: loop,
                                answer: Answer(session: self, type: request.type, id: request.id, username: username, startedAt: started))
        }
    }

    /// What a request that needs a login gets without one.
    private static let notLoggedIn = ErrorReport(code: .notAuthenticated, message: "log in first (builtin command authenticate)")

    /// What answering a request that waits for a handler takes: only that,
    /// not the request's data.
    private struct Answer: RoutingAnswer {
        let session: BesterSession
        let type: String
        let id: String?
        let username: String
        let startedAt: UInt64

        func answer(with result: RoutingResult) {
            session.requestFinished()
            session.finish(type: type, id: id, as: username, with: result, startedAt: startedAt)
            session.closeWhenIdle()
        }
    }

    /// Answers a routed request of type `requestType`.
    private func finish(type requestType: String, id: String?, as username: String, with result: RoutingResult,
                        startedAt started: UInt64) {
        switch result {
        case let .success(type, data):
            respond(.success(type: type, id: id, data: data))
        case let .failure(report, type, data):
            respond(.failure(report, type: type, id: id, data: data))
            server.logger.info("request.failed", ["conn": "\(connection.id)", "user": username, "type": requestType,
                                                   "code": report.code.rawValue, "error": report.message])
        }
        server.logger.debug("request", ["conn": "\(connection.id)", "user": username, "type": requestType,
                                        "latency_us": "\((MonotonicClock.now() - started) / 1000)"])
    }

    // MARK: Built-in commands

    private func executeBuiltin(_ request: ClientRequest) {
        let command: BuiltinCommand
        do {
            guard let parsed = try request.builtinCommand() else { return }
            command = parsed
        } catch {
            respond(.failure(ErrorReport(error), type: request.type, id: request.id))
            return
        }
        switch command {
        case .close:
            respond(.success(type: request.type, id: request.id))
            close(after: "client asked to close")
        case .ping:
            respond(.success(type: request.type, id: request.id, data: "pong"))
        case .handlers:
            guard username != nil else {
                respond(.failure(Self.notLoggedIn, type: request.type, id: request.id))
                return
            }
            respond(.success(type: request.type, id: request.id, data: server.handlers.statusReport))
        case .whoami:
            let data: JSONObject = ["username": username.map { .string($0) } ?? .null, "dialect": .string((dialect ?? .v2).rawValue)]
            respond(.success(type: request.type, id: request.id, data: .object(data)))
        case .logout:
            leaveCurrentLogin()
            server.logger.info("session.logout", ["conn": "\(connection.id)", "user": username ?? "-"])
            username = nil
            respond(.success(type: request.type, id: request.id))
        case let .authenticate(name, password):
            logIn(Credentials(username: name, password: password), then: nil, answering: request)
        case let .register(name, password):
            guard username == nil else {
                respond(.failure(.validation(at: "payload.data.command.type", "already logged in as '\(username ?? "")'; log out before registering"),
                                 type: request.type, id: request.id))
                return
            }
            guard let name, let password else {
                respond(.failure(.validation(at: "payload.data.command", "register needs username and password after the first frame"),
                                 type: request.type, id: request.id))
                return
            }
            register(Credentials(username: name, password: password), request: request)
        case let .changePassword(oldPassword, newPassword):
            changePassword(from: oldPassword, to: newPassword, request: request)
        }
    }

    // MARK: Accounts (slow: run off the loop, answered back on it)

    /// Runs an account operation as a task (password hashing takes
    /// milliseconds) and continues with its outcome back on the loop.
    private func withAccounts<T: Sendable>(_ operation: @escaping @Sendable (AccountService) async throws -> T,
                                           then continuation: @escaping @Sendable (BesterSession, Result<T, ErrorReport>) -> Void) {
        inFlight += 1
        let accounts = server.accounts
        let logger = server.logger
        let connectionID = connection.id
        Task {
            let outcome: Result<T, ErrorReport>
            do {
                outcome = .success(try await operation(accounts))
            } catch {
                if !(error is AccountError) { logger.error("accounts.failed", ["conn": "\(connectionID)", "error": "\(error)"]) }
                outcome = .failure(ErrorReport(accountFailure: error))
            }
            loop.execute { [self] in
                requestFinished()
                continuation(self, outcome)
                processFrames()
                closeWhenIdle()
            }
        }
    }

    /// Checks credentials. On success the session is logged in and
    /// `request` (the first frame's) is handled; when the login was itself
    /// the `authenticate` command, `answering` gets the response.
    /// Wrong credentials end the connection.
    private func logIn(_ credentials: Credentials, then request: ClientRequest?, answering: ClientRequest? = nil) {
        phase = .authenticating
        let remote = connection.remoteAddress?.host ?? "local"
        let asked = answering ?? request
        withAccounts({ try await $0.authenticate(username: credentials.username, password: credentials.password, from: remote) }) {
            session, outcome in
            guard session.phase == .authenticating else { return }
            switch outcome {
            case .success(.success(let name)):
                session.becomeLoggedIn(as: name)
                if let answering {
                    session.respond(.success(type: answering.type, id: answering.id, data: ["username": .string(name)]))
                } else if let request {
                    session.handle(request)
                } else {
                    session.respond(.success(type: "identify", id: nil, data: ["username": .string(name)]))
                }
            case .success(.wrongCredentials):
                session.server.logger.warning("auth.failed", ["conn": "\(session.connection.id)", "user": credentials.username, "remote": remote])
                session.respond(.failure(ErrorReport(code: .authenticationFailed, message: "wrong username or password"),
                                         type: asked?.type ?? "identify", id: asked?.id))
                session.close(after: "authentication failed")
            case .success(.throttled(let retryAfter)):
                session.server.logger.warning("auth.throttled", ["conn": "\(session.connection.id)", "user": credentials.username, "remote": remote])
                session.respond(.failure(ErrorReport(code: .throttled, message: "too many failed logins; retry in \(retryAfter.wholeSecondsText)"),
                                         type: asked?.type ?? "identify", id: asked?.id))
                session.close(after: "login throttled")
            case .failure(let report):
                session.respond(.failure(report, type: asked?.type ?? "identify", id: asked?.id))
                session.close(after: "authentication could not be checked")
            }
        }
    }

    /// Creates an account and logs in as it.
    private func register(_ credentials: Credentials, request: ClientRequest) {
        let firstFrame = phase == .handshake
        guard server.configuration.registrationOpen else {
            respond(.failure(ErrorReport(code: .registrationClosed, message: "registration is closed on this server"),
                             type: request.type, id: request.id))
            if firstFrame { close(after: "registration closed") }
            return
        }
        phase = .authenticating
        withAccounts({ try await $0.register(username: credentials.username, password: credentials.password) }) { session, outcome in
            guard session.phase == .authenticating else { return }
            switch outcome {
            case .success:
                session.server.logger.info("account.registered", ["conn": "\(session.connection.id)", "user": credentials.username])
                session.becomeLoggedIn(as: credentials.username)
                session.respond(.success(type: request.type, id: request.id, data: ["username": .string(credentials.username)]))
            case .failure(let report):
                session.respond(.failure(report, type: request.type, id: request.id))
                // A failed first frame leaves the connection as new: it may try again.
                session.phase = firstFrame ? .handshake : .ready
                if firstFrame { session.dialect = nil }
            }
        }
    }

    private func changePassword(from oldPassword: String, to newPassword: String, request: ClientRequest) {
        guard let username else {
            respond(.failure(Self.notLoggedIn, type: request.type, id: request.id))
            return
        }
        withAccounts({ try await $0.changePassword(username: username, old: oldPassword, new: newPassword) }) { session, outcome in
            switch outcome {
            case .success:
                session.server.logger.info("account.password_changed", ["conn": "\(session.connection.id)", "user": username])
                session.respond(.success(type: request.type, id: request.id))
            case .failure(let report):
                session.respond(.failure(report, type: request.type, id: request.id))
            }
        }
    }

    /// Stops receiving as the current user, if any: deliveries and chat.
    private func leaveCurrentLogin() {
        if let username { server.sessions.remove(self, as: username) }
        server.chat.endBesterSession(self)
    }

    private func becomeLoggedIn(as name: String) {
        leaveCurrentLogin()
        username = name
        phase = .ready
        server.sessions.add(self, as: name)
        server.logger.info("session.login", ["conn": "\(connection.id)", "user": name, "dialect": (dialect ?? .v2).rawValue,
                                             "remote": connection.remoteAddress.map { "\($0)" } ?? "-"])
    }

    // MARK: Writing

    private func respond(_ response: Response, in replyDialect: Dialect? = nil) {
        write(.response(response), in: replyDialect ?? dialect ?? .v2)
    }

    private func write(_ message: ServerMessage, in dialect: Dialect) {
        loopSessions.write(message, in: dialect, to: connection)
    }

    func deliver(_ encodings: DeliveryEncodings) {
        guard phase != .closing, let dialect else { return }
        connection.write(encodings.besterFrame(for: dialect))
    }

    /// Tells the client something on the server's own account.
    func notify(_ event: NoticeEvent, _ message: String) {
        write(.notice(Notice(event: event, message: message)), in: dialect ?? .v2)
    }

    // MARK: Closing and timeouts

    private func close(after reason: String) {
        guard phase != .closing else { return }
        phase = .closing
        server.logger.debug("session.closing", ["conn": "\(connection.id)", "reason": reason])
        connection.closeAfterFlush()
    }

    /// After end of input or during shutdown: close once nothing is in flight.
    private func closeWhenIdle() {
        guard inFlight == 0, inputEnded || server.isShuttingDown else { return }
        close(after: inputEnded ? "client finished sending" : "shutdown")
    }

    /// A request that waited (for a handler, for the accounts) is done. The
    /// idle time counts from here: a client is not silent while it waits
    /// for an answer.
    private func requestFinished() {
        inFlight -= 1
        lastActivity = loop.now
    }

    /// Called about once a second by the server's sweep. Until the first
    /// valid frame only the handshake timeout applies, however short the
    /// idle timeout.
    func checkTimeouts(now: UInt64) {
        let limits = server.configuration.limits
        if phase == .handshake {
            guard now - openedAt > limits.handshakeTimeout.nanoseconds else { return }
            notify(.handshakeTimeout, "no valid first frame within \(limits.handshakeTimeout)")
            close(after: "handshake timeout")
        } else if let idle = limits.idleTimeout, inFlight == 0, now - lastActivity > idle.nanoseconds {
            // Reading pauses while much output waits, so a client that stopped
            // reading looks silent too. Its queue would never flush: it is
            // closed at once, as the slow consumer it is. (Output merely
            // queued for the end of this turn is no sign of that.)
            guard !connection.isWaitingForWritable else {
                server.logger.warning("session.slow_consumer", ["conn": "\(connection.id)", "user": username ?? "-",
                                                                "unsent_bytes": "\(connection.pendingOutputBytes)", "silent_for": "\(idle)"])
                connection.close()
                return
            }
            notify(.idleTimeout, "nothing received for \(idle)")
            close(after: "idle timeout")
        }
    }

    /// Shutdown: say so, answer what is in flight, then close.
    func beginShutdown() {
        guard phase != .closing else { return }
        notify(.shutdown, "the server is shutting down")
        closeWhenIdle()
    }
}
