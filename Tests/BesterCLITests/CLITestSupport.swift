import BesterClient
import BesterServer

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing if it has not finished within `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double = 10, _ what: String = "an event",
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimedOut(what: what) }
        return first
    }
}

/// A real server in this process, with a handler that routes `data.body` to the users in `data.to`.
struct CLITestServer {
    let server: BesterServer

    static func start() async throws -> CLITestServer {
        var configuration = ServerConfiguration.ephemeral
        configuration.accounts.hashCost = 1
        configuration.logLevel = .error
        let server = try BesterServer(configuration: configuration, logger: .silent, loopCount: 1)
        server.register(RelayHandler(), forType: "relay")
        try await server.start()
        return CLITestServer(server: server)
    }

    var address: String { "127.0.0.1:\(server.listeningAddresses[0].port ?? 0)" }

    /// The ChatMaster front-end's address.
    var chatMasterAddress: String { "127.0.0.1:\(server.chatMasterAddress?.port ?? 0)" }

    /// The MessagePack chat front-end's address.
    var messagePackAddress: String { "127.0.0.1:\(server.messagePackChatAddress?.port ?? 0)" }

    func addUser(_ name: String, password: String = "password1") async throws {
        try await server.accounts.register(username: name, password: password)
    }

    func stop() async { await server.shutdown() }
}

struct RelayHandler: MessageHandler {
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        let users = message.data["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return HandlerReply(command: .sendClients(users), data: message.data["body"] ?? .null)
    }
}
