import BesterIO
import BesterProtocol
import Foundation

/// One connection speaking MessagePack chat (`003`; `Docs/msgpack-chat.md`):
/// requests are answered one by one, in order; updates (whispers and group
/// messages) arrive in between.
///
/// A request that waits (a password check, a message stored for an offline
/// user) holds the ones after it in the decoder until it is answered, so
/// responses keep the order of requests. All state is loop-confined.
final class MessagePackChatSession: ConnectionHandler, ManagedSession, @unchecked Sendable {
    let connection: Connection
    private let server: ServerContext
    private let settings: ChatListenerConfiguration
    private var decoder: MessagePackStreamDecoder
    private var login: MessagePackChatLogin?
    private var hasLoggedIn = false
    /// A request is waiting for its answer; later ones wait in the decoder.
    private var isWaiting = false
    private var isProcessing = false
    private var isClosing = false
    private var inputEnded = false
    private var lastActivity: UInt64
    private let openedAt: UInt64

    var loop: EventLoop { connection.loop }
    private var chat: ChatService { server.chat }

    init(connection: Connection, server: ServerContext, settings: ChatListenerConfiguration) {
        self.connection = connection
        self.server = server
        self.settings = settings
        // Requests are flat arrays of short strings and one text; a larger
        // text is read whole so that its refusal can say why.
        let maximumValueSize = max(64 * 1024, 2 * server.configuration.chat.maxMessageBytes + 4096)
        decoder = MessagePackStreamDecoder(limits: MessagePackLimits(maximumValueSize: maximumValueSize, maximumDepth: 8))
        openedAt = connection.loop.now
        lastActivity = connection.loop.now
    }

    // MARK: Reading

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        lastActivity = loop.now
        decoder.append(bytes)
        processRequests()
    }

    func connectionDidReachEndOfInput(_ connection: Connection) {
        inputEnded = true
        processRequests()
    }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        isClosing = true
        endLogin()
        server.sessionClosed(self)
        server.logger.debug("chat.session_closed", ["conn": "\(connection.id)", "protocol": "msgpack-chat", "reason": "\(reason)"])
    }

    /// Handles buffered requests until one must wait.
    private func processRequests() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while !isWaiting && !isClosing {
            let value: MessagePackValue
            do {
                guard let next = try decoder.next() else { break }
                value = next
            } catch {
                respond(.failure(error.description))
                // A broken stream cannot be resynchronised (Docs/msgpack-chat.md, 4.12).
                if !error.isRecoverable { close(after: "stream error: \(error)") }
                continue
            }
            handle(value)
        }
        closeWhenIdle()
    }

    private func handle(_ value: MessagePackValue) {
        let request: MessagePackChatRequest
        do {
            request = try MessagePackChatRequest(value)
        } catch {
            respond(.failure(error.description))
            return
        }
        switch request {
        case let .register(username, password):
            isWaiting = true
            ChatAccounts(server: server).register(username, password: password, on: loop) { [self] outcome in
                switch outcome {
                case .success: answer(.ok)
                case .failure(let failure): answer(.failure(failure.reason))
                }
            }
        case let .login(username, password):
            logIn(username, password: password)
        case let .logout(username, token):
            logOut(username, token: token)
        case let .addContact(username, token, contact):
            guard let login = authorize(username, token) else { return }
            wait { chat.addContact(contact, by: login, completion: $0) }
        case let .whisper(username, token, recipient, content):
            guard let login = authorize(username, token) else { return }
            wait { done in chat.whisper(content, to: recipient, by: login) { done($0.map { _ in () }) } }
        case let .createGroup(username, token, group):
            guard let login = authorize(username, token) else { return }
            wait { done in chat.join(group, by: login, creating: .required, makeCurrent: false) { done($0.map { _ in () }) } }
        case let .joinGroup(username, token, group):
            guard let login = authorize(username, token) else { return }
            wait { done in chat.join(group, by: login, creating: .never, makeCurrent: false) { done($0.map { _ in () }) } }
        case let .msgGroup(username, token, group, content):
            guard let login = authorize(username, token) else { return }
            wait { chat.say(content, in: group, by: login, completion: $0) }
        }
    }

    /// The login that `username` and `token` prove, or nil (answered).
    private func authorize(_ username: String, _ token: String) -> MessagePackChatLogin? {
        guard let login else {
            respond(.failure(ChatError.notLoggedIn.description))
            return nil
        }
        guard username == login.username else {
            respond(.failure("username '\(username)' does not match this session, logged in as '\(login.username)'"))
            return nil
        }
        guard token == login.token else {
            respond(.failure("invalid token: send the token the login response gave"))
            return nil
        }
        return login
    }

    /// Starts a chat operation; its answer is `["response", true]` or the
    /// failure, now or once it completes.
    private func wait(_ operation: (@escaping ChatCompletion<Void>) -> Void) {
        isWaiting = true
        operation { [self] result in
            let outcome: MessagePackChatResponse
            switch result {
            case .success: outcome = .ok
            case .failure(let error): outcome = .failure(error.description)
            }
            loop.perform { [self] in answer(outcome) }
        }
    }

    // MARK: Login and logout

    private func logIn(_ username: String, password: String) {
        if let login {
            respond(.failure("already logged in as '\(login.username)'; log out first"))
            return
        }
        isWaiting = true
        let remote = connection.remoteAddress?.host ?? "local"
        ChatAccounts(server: server).authenticate(username, password: password, from: remote, on: loop) { [self] outcome in
            guard !isClosing else { return }
            switch outcome {
            case .failure(let failure):
                answer(.failure(failure.reason))
            case .success(let name):
                let newLogin = MessagePackChatLogin(username: name, token: UUID().uuidString.lowercased(), connection: connection)
                let connected = chat.connect(newLogin, as: name, isGuest: false)
                switch connected {
                case .success:
                    login = newLogin
                    hasLoggedIn = true
                    server.logger.info("chat.login", ["conn": "\(connection.id)", "protocol": "msgpack-chat", "user": name])
                    answer(.loggedIn(username: name, token: newLogin.token))
                case .failure(let error):
                    answer(.failure(error.description))
                }
            }
        }
    }

    private func logOut(_ username: String, token: String?) {
        // `003` shows logout with the username alone; a token, when sent, must be right.
        guard authorize(username, token ?? login?.token ?? "") != nil else { return }
        endLogin()
        respond(.ok)
    }

    private func endLogin() {
        guard let login else { return }
        login.end()
        chat.disconnect(login)
        self.login = nil
    }

    // MARK: Answering

    /// Answers the waiting request and goes on with the next (loop thread).
    private func answer(_ response: MessagePackChatResponse) {
        isWaiting = false
        respond(response)
        processRequests()
    }

    private func respond(_ response: MessagePackChatResponse) {
        connection.write(response.encoded())
    }

    // MARK: Closing and timeouts

    private func close(after reason: String) {
        guard !isClosing else { return }
        isClosing = true
        server.logger.debug("chat.session_closing", ["conn": "\(connection.id)", "protocol": "msgpack-chat", "reason": reason])
        endLogin()
        connection.closeAfterFlush()
    }

    /// After end of input or during shutdown: close once nothing waits.
    private func closeWhenIdle() {
        guard !isWaiting, inputEnded || server.isShuttingDown else { return }
        close(after: inputEnded ? "client finished sending" : "shutdown")
    }

    func checkTimeouts(now: UInt64) {
        if !hasLoggedIn {
            guard now - openedAt > settings.loginTimeout.nanoseconds else { return }
            close(after: "no login within \(settings.loginTimeout)")
        } else if let idle = settings.idleTimeout, !isWaiting, now - lastActivity > idle.nanoseconds {
            close(after: "nothing received for \(idle)")
        }
    }

    func beginShutdown() {
        closeWhenIdle()
    }
}
