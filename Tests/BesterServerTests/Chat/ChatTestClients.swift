import BesterIO
import BesterProtocol
import Synchronization
@testable import BesterServer

/// A MessagePack chat client for tests, built on the protocol models:
/// sends requests, receives responses and updates with a timeout.
final class MessagePackTestClient: Sendable {
    let connection: AsyncConnection
    private let messages: AsyncThrowingStream<MessagePackChatServerMessage, any Error>

    private init(connection: AsyncConnection) {
        self.connection = connection
        let (stream, continuation) = AsyncThrowingStream<MessagePackChatServerMessage, any Error>.makeStream()
        messages = stream
        Task {
            var decoder = MessagePackStreamDecoder()
            do {
                for try await chunk in connection.inbound {
                    decoder.append(chunk)
                    while let value = try decoder.next() { continuation.yield(try MessagePackChatServerMessage(value)) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    static func connect(to address: SocketAddress) async throws -> MessagePackTestClient {
        MessagePackTestClient(connection: try await AsyncConnection.connect(to: address, on: RawClient.group.next()))
    }

    func send(_ request: MessagePackChatRequest) { connection.send(request.encoded()) }

    func sendRaw(_ bytes: [UInt8]) { connection.send(bytes) }

    /// The next message; nil when the server closed the connection.
    func receiveOrEnd(within seconds: Double = 10) async throws -> MessagePackChatServerMessage? {
        let messages = self.messages
        return try await withTimeout(seconds, "a MessagePack message") {
            var iterator = messages.makeAsyncIterator()
            return try await iterator.next()
        }
    }

    func receive(within seconds: Double = 10) async throws -> MessagePackChatServerMessage {
        guard let message = try await receiveOrEnd(within: seconds) else { throw ConnectionEnded() }
        return message
    }

    /// The next message, which must be a response.
    func response() async throws -> MessagePackChatResponse {
        let message = try await receive()
        guard case .response(let response) = message else { throw UnexpectedMessage(message: "\(message)") }
        return response
    }

    /// The next message, which must be an update.
    func update() async throws -> MessagePackChatUpdate {
        let message = try await receive()
        guard case .update(let update) = message else { throw UnexpectedMessage(message: "\(message)") }
        return update
    }

    /// Sends `request` and returns the response (the next message).
    func call(_ request: MessagePackChatRequest) async throws -> MessagePackChatResponse {
        send(request)
        return try await response()
    }

    /// Logs in; returns the token.
    func logIn(_ user: String, password: String = "password1") async throws -> String {
        try await call(.login(username: user, password: password)).loginResult().token
    }

    func close() { connection.close() }
}

/// A ChatMaster client for tests: JSON lines, optionally zlib-compressed,
/// read through the same stream codec the server uses.
final class ChatMasterTestClient: Sendable {
    let connection: AsyncConnection
    private let packages: AsyncThrowingStream<(ChatMasterPackage, JSONValue), any Error>
    private let outbound = Mutex(ChatMasterOutboundStream())

    private init(connection: AsyncConnection) {
        self.connection = connection
        let (stream, continuation) = AsyncThrowingStream<(ChatMasterPackage, JSONValue), any Error>.makeStream()
        packages = stream
        Task {
            var inbound = ChatMasterInboundStream()
            do {
                for try await chunk in connection.inbound {
                    try inbound.append(chunk)
                    while let object = try inbound.nextObject() {
                        let package = try ChatMasterPackage(object)
                        // The server compresses everything after this notification.
                        if case .notification(.compression) = package { try inbound.beginDecompression(with: try ZlibDecompressor()) }
                        continuation.yield((package, object))
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Connects and reads the server's login request.
    static func connect(to address: SocketAddress) async throws -> ChatMasterTestClient {
        let client = ChatMasterTestClient(connection: try await AsyncConnection.connect(to: address, on: RawClient.group.next()))
        let first = try await client.receive()
        guard first == .request(.login) else { throw UnexpectedMessage(message: "\(first)") }
        return client
    }

    /// Connects and logs in; returns the session package's public channels.
    static func logIn(to address: SocketAddress, as user: String, password: String? = nil) async throws -> ChatMasterTestClient {
        let client = try await connect(to: address)
        client.send(.command(.login(username: user, password: password)))
        let session = try await client.receive()
        guard case .session(.accepted) = session else { throw UnexpectedMessage(message: "\(session)") }
        return client
    }

    func send(_ package: ChatMasterPackage) {
        sendLine(package.encodedLine())
    }

    func sendLine(_ line: [UInt8]) {
        let bytes = outbound.withLock { stream in (try? stream.bytes(forLine: line)) ?? [] }
        connection.send(bytes)
    }

    func say(_ text: String) { send(.message(ChatMasterMessage(text: text))) }

    func command(_ command: ChatMasterCommand) { send(.command(command)) }

    /// Asks for zlib and switches both directions (Docs/chatmaster.md, 4.1).
    func startCompression() async throws {
        command(.compression(algorithm: "zlib"))
        let answer = try await receive()
        guard answer == .notification(.compression(algorithm: "zlib")) else { throw UnexpectedMessage(message: "\(answer)") }
        try outbound.withLock { stream throws in stream.beginCompression(with: try ZlibCompressor()) }
    }

    /// The next package and its JSON; nil when the server closed the connection.
    func receiveWithJSON(within seconds: Double = 10) async throws -> (ChatMasterPackage, JSONValue)? {
        let packages = self.packages
        return try await withTimeout(seconds, "a ChatMaster package") {
            var iterator = packages.makeAsyncIterator()
            return try await iterator.next()
        }
    }

    func receiveOrEnd(within seconds: Double = 10) async throws -> ChatMasterPackage? {
        try await receiveWithJSON(within: seconds)?.0
    }

    func receive(within seconds: Double = 10) async throws -> ChatMasterPackage {
        guard let package = try await receiveOrEnd(within: seconds) else { throw ConnectionEnded() }
        return package
    }

    /// The next package's JSON.
    func receiveJSON(within seconds: Double = 10) async throws -> JSONValue {
        guard let (_, json) = try await receiveWithJSON(within: seconds) else { throw ConnectionEnded() }
        return json
    }

    func close() { connection.close() }
}

struct UnexpectedMessage: Error, CustomStringConvertible {
    let message: String
    var description: String { "unexpected: \(message)" }
}

extension TestServer {
    var chatMaster: SocketAddress {
        get throws {
            guard let address = server.chatMasterAddress else { throw UnexpectedMessage(message: "no ChatMaster listener") }
            return address
        }
    }

    var messagePackChat: SocketAddress {
        get throws {
            guard let address = server.messagePackChatAddress else { throw UnexpectedMessage(message: "no MessagePack listener") }
            return address
        }
    }

    /// A MessagePack chat client logged in as `user`, and its token.
    func messagePackUser(_ user: String) async throws -> (MessagePackTestClient, String) {
        let client = try await MessagePackTestClient.connect(to: try messagePackChat)
        return (client, try await client.logIn(user))
    }

    /// A Bester client logged in as `user` and in chat: its first chat
    /// request answered, and its own arrival in the default room announced.
    func besterChatUser(_ user: String) async throws -> RawClient {
        let client = try await login(user)
        client.send(request("chat", ["action": "rooms"], id: "enrol"))
        let reply = try await client.receive()
        guard reply.status == "good" else { throw LoginFailed(reply: reply) }
        let joined = try await client.receive()
        guard joined["payload"]?["data"] == ["event": "joined", "room": "general", "username": .string(user)] else {
            throw UnexpectedMessage(message: "\(joined)")
        }
        return client
    }
}

extension ServerConfiguration {
    /// For chat tests: no flood control unless a test sets it.
    static func chatTesting(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        .testing { configuration in
            configuration.chat.messagesPerSecond = 0
            adjust(&configuration)
        }
    }
}

/// A ChatMaster message package as the server sends it.
func chatMasterMessage(_ text: String, from user: String) -> ChatMasterPackage {
    .message(ChatMasterMessage(text: text, username: user))
}
