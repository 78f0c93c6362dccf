import BesterIO
import BesterProtocol
import Synchronization

/// A client of the MessagePack chat protocol (`Docs/msgpack-chat.md`): a
/// typed call for every request, each awaiting its response, and the
/// updates (whispers, group messages) as ``events``.
///
/// ```swift
/// let chat = try await MessagePackChatClient.connect(to: try Endpoint(parsing: "127.0.0.1:2225"))
/// try await chat.login(username: "alice", password: "correct horse")
/// try await chat.whisper(to: "bob", content: "hi bob")
/// for await update in chat.updates { print(update) }
/// ```
///
/// Responses come in request order, so calls are matched to them in the
/// order they were written; many may wait at once. After ``login(username:password:timeout:)``
/// the client remembers the username and token the later requests carry.
public final class MessagePackChatClient: Sendable {
    private let connection: ChatConnection<MessagePackChatCodec, AnswerKind, MessagePackChatClientEvent>
    private let session = Mutex<(username: String, token: String)?>(nil)

    /// Every answer is a response; one queue.
    enum AnswerKind: Hashable, Sendable { case response }

    private init(connection: ChatConnection<MessagePackChatCodec, AnswerKind, MessagePackChatClientEvent>) {
        self.connection = connection
    }

    /// Connects to a MessagePack chat front-end.
    public static func connect(to endpoint: Endpoint, options: ChatClientOptions = ChatClientOptions())
        async throws(ChatClientError) -> MessagePackChatClient
    {
        let connection = try await ChatConnection<MessagePackChatCodec, AnswerKind, MessagePackChatClientEvent>.open(
            endpoint, options: options, codec: MessagePackChatCodec(),
            route: { inbound in
                switch inbound {
                case .message(.response): return .answer(.response, otherwise: nil)
                case .message(.update(let update)): return .event(.update(update))
                case .unreadableUpdate(let reason): return .event(.unreadable(reason))
                }
            },
            disconnected: { .disconnected($0) })
        return MessagePackChatClient(connection: connection)
    }

    /// Where the client is connected.
    public var endpoint: Endpoint { connection.endpoint }

    /// Updates and the end of the connection. Iterate it (or ``updates``) from one task.
    public var events: ClientEvents<MessagePackChatClientEvent> { connection.channel.events }

    /// The updates among ``events``.
    public var updates: AsyncCompactMapSequence<ClientEvents<MessagePackChatClientEvent>, MessagePackChatUpdate> {
        events.compactMap { event in
            if case .update(let update) = event { return update }
            return nil
        }
    }

    /// The logged-in user, if any.
    public var username: String? { session.withLock { $0?.username } }

    /// The session token of the login, if any.
    public var token: String? { session.withLock { $0?.token } }

    /// True until the connection ends or ``close()``.
    public var isConnected: Bool { connection.isOpen }

    // MARK: Requests

    /// Sends any request and returns the server's response as it is, success or failure.
    public func send(_ request: MessagePackChatRequest, timeout: Duration? = nil) async throws(ChatClientError) -> MessagePackChatResponse {
        let answer = try await connection.call(request, answeredUnder: .response, timeout: timeout)
        guard case .message(.response(let response)) = answer else {
            throw .protocolViolation("expected a response, got \(answer)")
        }
        return response
    }

    /// `["register", username, password]`: creates an account.
    public func register(username: String, password: String, timeout: Duration? = nil) async throws(ChatClientError) {
        _ = try await succeed(.register(username: username, password: password), timeout: timeout)
    }

    /// `["login", username, password]`: starts a session; returns its token,
    /// which the client then sends with every request.
    @discardableResult
    public func login(username: String, password: String, timeout: Duration? = nil) async throws(ChatClientError) -> String {
        let response = try await succeed(.login(username: username, password: password), timeout: timeout)
        let result: (username: String, token: String)
        do { result = try response.loginResult() } catch { throw .protocolViolation("login response: \(error)") }
        session.withLock { $0 = result }
        return result.token
    }

    /// `["logout", username, token]`: ends the session.
    public func logout(timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.logout(username: username, token: token), timeout: timeout)
        session.withLock { $0 = nil }
    }

    /// `["add_contact", username, token, contact]`.
    public func addContact(_ contact: String, timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.addContact(username: username, token: token, contact: contact), timeout: timeout)
    }

    /// `["whisper", username, token, recipient, content]`: a direct message.
    public func whisper(to recipient: String, content: String, timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.whisper(username: username, token: token, recipient: recipient, content: content), timeout: timeout)
    }

    /// `["create_group", username, token, group_name]`.
    public func createGroup(_ group: String, timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.createGroup(username: username, token: token, groupName: group), timeout: timeout)
    }

    /// `["join_group", username, token, group_name]`.
    public func joinGroup(_ group: String, timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.joinGroup(username: username, token: token, groupName: group), timeout: timeout)
    }

    /// `["msg_group", username, token, group_name, content]`: a message to every member.
    public func messageGroup(_ group: String, content: String, timeout: Duration? = nil) async throws(ChatClientError) {
        let (username, token) = try currentSession()
        _ = try await succeed(.msgGroup(username: username, token: token, groupName: group, content: content), timeout: timeout)
    }

    /// Closes the connection once what was sent is flushed; waiting calls
    /// fail with ``ChatClientError/closed`` and the events end.
    public func close() async {
        await connection.close()
    }

    private func succeed(_ request: MessagePackChatRequest, timeout: Duration?) async throws(ChatClientError) -> MessagePackChatResponse {
        let response = try await send(request, timeout: timeout)
        if case .failure(let reason) = response { throw .rejected(reason) }
        return response
    }

    private func currentSession() throws(ChatClientError) -> (String, String) {
        guard let current = session.withLock({ $0 }) else { throw .notLoggedIn }
        return current
    }
}
