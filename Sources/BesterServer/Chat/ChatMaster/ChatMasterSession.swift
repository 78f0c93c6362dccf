import BesterIO
import BesterProtocol

/// One connection speaking ChatMaster (`004`; `Docs/chatmaster.md`): the
/// server asks for a login, the client answers with a nickname (a guest)
/// or a username and password (a registered user), then chats in its
/// current channel.
///
/// The session is its own chat endpoint and shows one room at a time.
/// Packages are handled one by one; a login or rename that waits (a
/// password check, a look-up of registered names) holds the packages after
/// it. Every write goes through one outbound stream, compressed once the
/// client asked. All state is loop-confined.
final class ChatMasterSession: ConnectionHandler, ManagedSession, ChatEndpoint, @unchecked Sendable {
    private enum Phase {
        /// Waiting for a `login` command.
        case awaitingLogin
        /// Logged in as ``name``.
        case chatting
        /// Nothing more is read.
        case closing
    }

    let connection: Connection
    let showsOneRoom = true
    private let server: ServerContext
    private let settings: ChatListenerConfiguration
    private var inbound: ChatMasterInboundStream
    private var outbound = ChatMasterOutboundStream()
    private var phase = Phase.awaitingLogin
    /// The name logged in as.
    private var name = ""
    private var isGuest = true
    private var gate = ChatBacklogGate<[UInt8]>(waitingForBacklog: false)
    /// A command is waiting for an answer; later packages wait in the stream.
    private var isWaiting = false
    private var isProcessing = false
    private var inputEnded = false
    private var lastActivity: UInt64
    private let openedAt: UInt64

    var loop: EventLoop { connection.loop }
    private var chat: ChatService { server.chat }

    init(connection: Connection, server: ServerContext, settings: ChatListenerConfiguration) {
        self.connection = connection
        self.server = server
        self.settings = settings
        inbound = ChatMasterInboundStream()
        openedAt = connection.loop.now
        lastActivity = connection.loop.now
        // `004`: on connect, the server asks for the username.
        send(.request(.login))
    }

    // MARK: Reading

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastActivity = loop.now
        do {
            try inbound.append(bytes)
        } catch {
            sendError("package", error.description)
            close(after: "stream error: \(error)")
            return
        }
        processPackages()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        inputEnded = true
        processPackages()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        phase = .closing
        chat.disconnect(self)
        server.sessionClosed(self)
        server.logger.debug("chat.session_closed", ["conn": "\(connection.id)", "protocol": "chatmaster", "reason": "\(reason)"])
    }

    /// Handles buffered packages until one must wait.
    private func processPackages() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while !isWaiting && phase != .closing {
            let object: JSONValue
            do {
                guard let next = try inbound.nextObject() else { break }
                object = next
            } catch {
                sendError("package", error.description)
                if !error.isRecoverable { close(after: "stream error: \(error)") }
                continue
            }
            do {
                switch try ChatMasterClientPackage(object) {
                case .message(let message): say(message.text)
                case .command(let command): execute(command)
                }
            } catch {
                send(error.errorPackage)
            }
        }
        closeWhenIdle()
    }

    // MARK: Commands

    private func execute(_ command: ChatMasterCommand) {
        switch command {
        case .compression(let algorithm):
            startCompression(algorithm)
        case let .login(username, password):
            logIn(username, password: password)
        case .rename(let newName):
            if isLoggedIn(for: command.name) { rename(to: newName) }
        case .join(let channel):
            if isLoggedIn(for: command.name) { join(channel) }
        case .leave:
            guard isLoggedIn(for: command.name) else { return }
            if case .failure(let error) = chat.leave(nil, by: self) { sendError(command.name, error.description) }
        case .makePrivate, .makePublic:
            guard isLoggedIn(for: command.name) else { return }
            switch chat.setPrivate(command == .makePrivate, room: nil, by: self) {
            // No package of `004` confirms this; the channel list shows it.
            case .success: send(.notification(.channelList(channels: chat.publicRooms)))
            case .failure(let error): sendError(command.name, error.description)
            }
        case .listChannels:
            if isLoggedIn(for: command.name) { send(.notification(.channelList(channels: chat.publicRooms))) }
        }
    }

    /// True when logged in; otherwise tells the client, as an error of `errorType`.
    private func isLoggedIn(for errorType: String) -> Bool {
        guard phase == .chatting else {
            sendError(errorType, "log in first: answer the login request with the login command")
            return false
        }
        return true
    }

    private func join(_ channel: String) {
        switch chat.join(channel, by: self, creating: .ifMissing, makeCurrent: true) {
        case .success(let joined):
            // A member already: nobody else is told, but the client learns it switched.
            if !joined.isNewMember { sendLine(ChatEvent(.joined(room: joined.room, user: name)).chatMasterLine) }
        case .failure(let error):
            sendError("join", error.description)
        }
    }

    private func say(_ text: String) {
        guard isLoggedIn(for: "message") else { return }
        if case .failure(let error) = chat.say(text, in: nil, by: self) { sendError("message", error.description) }
    }

    /// `compression {algorithm: zlib}` (Docs/chatmaster.md, 4): the answer
    /// goes out plain, and each direction switches right after.
    private func startCompression(_ algorithm: String) {
        guard algorithm == "zlib" else {
            sendError("compression", "unknown algorithm \"\(algorithm)\"; this server offers zlib")
            return
        }
        guard !outbound.isCompressing else {
            sendError("compression", "compression is on already")
            return
        }
        do {
            try inbound.beginDecompression(with: try ZlibDecompressor())
            let compressor = try ZlibCompressor()
            send(.notification(.compression(algorithm: algorithm)))
            outbound.beginCompression(with: compressor)
        } catch {
            sendError("compression", "cannot start compression: \(error)")
            close(after: "compression failed: \(error)")
        }
    }

    // MARK: Login and rename

    private func logIn(_ username: String, password: String?) {
        guard phase == .awaitingLogin else {
            sendError("login", "already logged in as '\(name)'")
            return
        }
        isWaiting = true
        if let password {
            let remote = connection.remoteAddress?.host ?? "local"
            ChatAccounts(server: server).authenticate(username, password: password, from: remote, on: loop) { [self] outcome in
                switch outcome {
                case .success(let account): finishLogin(as: account, isGuest: false)
                case .failure(let failure): refuseLogin(failure.reason)
                }
            }
        } else {
            chat.checkNickname(username) { [self] result in
                loop.perform { [self] in
                    switch result {
                    case .success: finishLogin(as: username, isGuest: true)
                    case .failure(let error): refuseLogin(error.description)
                    }
                }
            }
        }
    }

    private func finishLogin(as account: String, isGuest: Bool) {
        guard phase == .awaitingLogin else { return }
        gate = ChatBacklogGate(waitingForBacklog: !isGuest)
        let connected = chat.connect(self, as: account, isGuest: isGuest)
        switch connected {
        case .success(let session):
            phase = .chatting
            name = session.name
            self.isGuest = isGuest
            server.logger.info("chat.login", ["conn": "\(connection.id)", "protocol": "chatmaster", "user": session.name,
                                              "guest": "\(isGuest)"])
            send(.session(.accepted(channels: session.publicRooms)))
            if let error = session.defaultRoomError { sendError("join", error.description) }
            resume()
        case .failure(let error):
            _ = gate.open()
            refuseLogin(error.description)
        }
    }

    /// `004`: a refused login gets `status` 0 and a reason; the client may try again.
    private func refuseLogin(_ reason: String) {
        send(.session(.refused(reason: reason)))
        resume()
    }

    private func rename(to newName: String) {
        guard isGuest else {
            sendError("rename", ChatError.registeredCannotRename.description)
            return
        }
        if ChatNames.key(newName) == ChatNames.key(name) {
            // Only the case changes: nobody else can hold the name.
            if case .failure(let error) = chat.rename(self, to: newName) { sendError("rename", error.description) } else { name = newName }
            return
        }
        isWaiting = true
        chat.checkNickname(newName) { [self] result in
            loop.perform { [self] in
                guard phase == .chatting else { return }
                switch result.flatMap({ chat.rename(self, to: newName) }) {
                case .success: name = newName
                case .failure(let error): sendError("rename", error.description)
                }
                resume()
            }
        }
    }

    /// The waiting command is answered: go on with the packages after it.
    private func resume() {
        isWaiting = false
        processPackages()
    }

    // MARK: Chat events

    func receive(_ encodings: inout ChatEncodingCache) {
        guard phase == .chatting, let line = encodings.chatMasterLineBytes() else { return }
        if !gate.hold(line) { sendLine(line) }
    }

    func receiveBacklog(_ events: [ChatEvent]) {
        guard phase == .chatting else { return }
        for event in events { sendLine(event.chatMasterLine) }
        for held in gate.open() { sendLine(held) }
    }

    // MARK: Writing

    private func send(_ package: ChatMasterPackage) {
        sendLine(package.encodedLine())
    }

    private func sendError(_ errorType: String, _ message: String) {
        send(.error(ChatMasterErrorReport(errorType: errorType, message: message)))
    }

    /// Writes one package line, through the compressor once compression is on.
    private func sendLine(_ line: [UInt8]?) {
        guard let line else { return }
        do {
            connection.write(try outbound.bytes(forLine: line))
        } catch {
            server.logger.error("chat.compression_failed", ["conn": "\(connection.id)", "error": "\(error)"])
            connection.close()
        }
    }

    // MARK: Closing and timeouts

    private func close(after reason: String) {
        guard phase != .closing else { return }
        phase = .closing
        server.logger.debug("chat.session_closing", ["conn": "\(connection.id)", "protocol": "chatmaster", "reason": reason])
        chat.disconnect(self)
        connection.closeAfterFlush()
    }

    /// After end of input or during shutdown: close once nothing waits.
    private func closeWhenIdle() {
        guard !isWaiting, inputEnded || server.isShuttingDown else { return }
        close(after: inputEnded ? "client finished sending" : "shutdown")
    }

    func checkTimeouts(now: UInt64) {
        if phase == .awaitingLogin {
            guard !isWaiting, now - openedAt > settings.loginTimeout.nanoseconds else { return }
            sendError("timeout", "no login within \(settings.loginTimeout); closing")
            close(after: "login timeout")
        } else if let idle = settings.idleTimeout, !isWaiting, phase != .closing, now - lastActivity > idle.nanoseconds {
            sendError("timeout", "nothing received for \(idle); closing")
            close(after: "idle timeout")
        }
    }

    func beginShutdown() {
        guard phase != .closing else { return }
        sendError("shutdown", "the server is shutting down")
        closeWhenIdle()
    }
}
