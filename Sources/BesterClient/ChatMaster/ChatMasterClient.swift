import BesterIO
import BesterProtocol
import Synchronization

/// A client of the ChatMaster protocol (`Docs/chatmaster.md`), with zlib
/// compression when asked for.
///
/// ```swift
/// let chat = try await ChatMasterClient.connect(to: try Endpoint(parsing: "127.0.0.1:9000"), compression: true)
/// let channels = try await chat.login(username: "alice", password: "correct horse")
/// try chat.join("rust")
/// try chat.say("hello all")
/// for await event in chat.events { print(event) }
/// ```
///
/// The protocol has no request ids and acknowledges few commands: `login`
/// (a `session`), `channels` (a `channel_list`) and `compression` are
/// awaited and matched by kind, in order; the others return once written,
/// and their failures arrive as `error` packages on ``events``.
public final class ChatMasterClient: Sendable {
    private let connection: ChatConnection<ChatMasterCodec, AnswerKind, ChatMasterClientEvent>
    private let nickname: Nickname
    /// True when the connection is compressed.
    public let isCompressed: Bool

    /// What answers an awaited command.
    enum AnswerKind: Hashable, Sendable { case session, channelList, compression }

    /// The logged-in nickname, followed through renames.
    final class Nickname: Sendable {
        let value = Mutex<String?>(nil)
    }

    private init(connection: ChatConnection<ChatMasterCodec, AnswerKind, ChatMasterClientEvent>, nickname: Nickname, isCompressed: Bool) {
        self.connection = connection
        self.nickname = nickname
        self.isCompressed = isCompressed
    }

    /// Connects to a ChatMaster front-end; with `compression`, agrees on zlib
    /// before returning (the server may refuse: ``ChatClientError/rejected(_:)``).
    public static func connect(to endpoint: Endpoint, compression: Bool = false,
                               options: ChatClientOptions = ChatClientOptions()) async throws(ChatClientError) -> ChatMasterClient {
        let nickname = Nickname()
        let connection = try await ChatConnection<ChatMasterCodec, AnswerKind, ChatMasterClientEvent>.open(
            endpoint, options: options, codec: ChatMasterCodec(),
            route: { route($0, nickname: nickname) },
            disconnected: { .disconnected($0) })
        if compression {
            do throws(ChatClientError) {
                let answer = try await connection.call(.command(.compression(algorithm: "zlib")), answeredUnder: .compression,
                                                       timeout: options.connectTimeout)
                if case .package(.error(let report)) = answer { throw .rejected(report.message) }
            } catch {
                await connection.close()
                throw error
            }
        }
        return ChatMasterClient(connection: connection, nickname: nickname, isCompressed: compression)
    }

    private static func route(_ inbound: ChatMasterCodec.Inbound, nickname: Nickname) -> ChatRoute<AnswerKind, ChatMasterClientEvent> {
        let package: ChatMasterPackage
        switch inbound {
        case .unreadable(let reason): return .event(.unreadable(reason))
        case .package(let read): package = read
        }
        let event = ChatMasterClientEvent.package(package)
        switch package {
        case .session: return .answer(.session, otherwise: event)
        case .notification(.channelList): return .answer(.channelList, otherwise: event)
        case .notification(.compression): return .answer(.compression, otherwise: event)
        case .notification(.userRename(let old, let new)):
            nickname.value.withLock { if $0 == old { $0 = new } }
            return .event(event)
        case .error(let report):
            switch report.errorType {
            case "login": return .answer(.session, otherwise: event)
            case "channels": return .answer(.channelList, otherwise: event)
            case "compression": return .answer(.compression, otherwise: event)
            default: return .event(event)
            }
        case .message, .command, .request, .notification:
            return .event(event)
        }
    }

    /// Where the client is connected.
    public var endpoint: Endpoint { connection.endpoint }

    /// Packages no call awaits, and the end of the connection. Iterate it from one task.
    public var events: ClientEvents<ChatMasterClientEvent> { connection.channel.events }

    /// The nickname logged in with (followed through renames); nil before login.
    public var username: String? { nickname.value.withLock { $0 } }

    /// True until the connection ends or ``close()``.
    public var isConnected: Bool { connection.isOpen }

    // MARK: Awaited commands

    /// Logs in: a guest with a nickname, or a registered user with the
    /// account's password. Returns the public channels.
    ///
    /// - Throws: ``ChatClientError/rejected(_:)`` with the server's reason
    ///   (the nickname is taken, the password is wrong, ...).
    @discardableResult
    public func login(username: String, password: String? = nil, timeout: Duration? = nil) async throws(ChatClientError) -> [String] {
        let answer = try await connection.call(.command(.login(username: username, password: password)), answeredUnder: .session,
                                               timeout: timeout)
        switch answer {
        case .package(.session(.accepted(let channels))):
            nickname.value.withLock { $0 = username }
            return channels
        case .package(.session(.refused(let reason))): throw .rejected(reason)
        case .package(.error(let report)): throw .rejected(report.message)
        default: throw .protocolViolation("expected a session, got \(answer)")
        }
    }

    /// The public channels (the `channels` command, answered by `channel_list`).
    public func listChannels(timeout: Duration? = nil) async throws(ChatClientError) -> [String] {
        let answer = try await connection.call(.command(.listChannels), answeredUnder: .channelList, timeout: timeout)
        switch answer {
        case .package(.notification(.channelList(let channels))): return channels
        case .package(.error(let report)): throw .rejected(report.message)
        default: throw .protocolViolation("expected a channel list, got \(answer)")
        }
    }

    // MARK: Commands answered only on failure

    /// Says `text` in the current channel.
    public func say(_ text: String) throws(ChatClientError) {
        try connection.send(.message(ChatMasterMessage(text: text)))
    }

    /// Joins, or creates, `channel`.
    public func join(_ channel: String) throws(ChatClientError) {
        try send(.join(channel: channel))
    }

    /// Leaves the current channel.
    public func leave() throws(ChatClientError) {
        try send(.leave)
    }

    /// Changes nickname.
    public func rename(to username: String) throws(ChatClientError) {
        try send(.rename(username: username))
    }

    /// Makes the current channel private.
    public func makePrivate() throws(ChatClientError) {
        try send(.makePrivate)
    }

    /// Makes the current channel public.
    public func makePublic() throws(ChatClientError) {
        try send(.makePublic)
    }

    /// Sends any command without waiting; a failure arrives as an `error` package on ``events``.
    public func send(_ command: ChatMasterCommand) throws(ChatClientError) {
        try connection.send(.command(command))
    }

    /// Closes the connection once what was sent is flushed; waiting calls
    /// fail with ``ChatClientError/closed`` and the events end.
    public func close() async {
        await connection.close()
    }
}
