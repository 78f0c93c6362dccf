import BesterClient
import BesterCommandLine

/// The protocol `bester-cli chat` speaks, and how each one connects and logs in.
enum ChatProtocol: String, CaseIterable {
    /// Bester's built-in `chat` handler, on the Bester port.
    case bester
    /// The MessagePack chat front-end (`003`).
    case msgpack
    /// The ChatMaster front-end (`004`).
    case chatmaster

    /// besterd's default address for the protocol.
    var defaultServer: String {
        switch self {
        case .bester: return ServerOptions.besterServer
        case .msgpack: return "127.0.0.1:9001"
        case .chatmaster: return "127.0.0.1:9000"
        }
    }

    /// A failure to connect to `endpoint` and log in that suggests the server
    /// speaks another protocol than this one (a garbled answer, silence, or
    /// the connection closed): a wrong --server or --protocol. `description`
    /// says what happened; the hint names besterd's port for each protocol.
    func wrongServerFailure(_ description: String, at endpoint: Endpoint) -> CommandLineError {
        .failure("\(description) (is \(endpoint) a \(rawValue) server? besterd's defaults: "
                 + Self.allCases.map { "\($0.rawValue) \($0.defaultServer)" }.joined(separator: ", ") + ")")
    }

    /// Connects, logs in and wraps the client; a failure says what was
    /// wrong. `password` nil is a ChatMaster guest.
    func connect(_ server: ServerOptions, password: String?, compress: Bool) async throws(CommandLineError) -> any ChatBackend {
        let chatOptions = ChatClientOptions(connectTimeout: server.timeout, requestTimeout: server.timeout)
        switch self {
        case .bester:
            return BesterChatBackend(client: try await server.connect(password: password ?? "", eventBuffering: .standard))
        case .msgpack:
            let client = try await connectThenLogIn(to: server.endpoint) { () async throws(ChatClientError) in
                try await MessagePackChatClient.connect(to: server.endpoint, options: chatOptions)
            } logIn: { (client) async throws(ChatClientError) in
                try await client.login(username: server.username, password: password ?? "")
            } close: { await $0.close() }
            return MessagePackChatBackend(client: client)
        case .chatmaster:
            let client = try await connectThenLogIn(to: server.endpoint) { () async throws(ChatClientError) in
                try await ChatMasterClient.connect(to: server.endpoint, compression: compress, options: chatOptions)
            } logIn: { (client) async throws(ChatClientError) in
                try await client.login(username: server.username, password: password)
            } close: { await $0.close() }
            return ChatMasterChatBackend(client: client)
        }
    }

    /// Connects, then logs in, closing the client if logging in fails.
    private func connectThenLogIn<Client>(to endpoint: Endpoint, _ connect: () async throws(ChatClientError) -> Client,
                                          logIn: (Client) async throws(ChatClientError) -> Void,
                                          close: (Client) async -> Void) async throws(CommandLineError) -> Client {
        let client: Client
        do throws(ChatClientError) { client = try await connect() } catch { throw error.connectFailure(at: endpoint, speaking: self) }
        do throws(ChatClientError) {
            try await logIn(client)
        } catch {
            await close(client)
            throw error.connectFailure(at: endpoint, speaking: self)
        }
        return client
    }
}
