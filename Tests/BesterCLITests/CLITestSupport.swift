import BesterClient
import BesterServer

/// A real server in this process, with a handler that routes `data.body` to
/// the users in `data.to`; addresses spelled as `--server` takes them.
struct CLITestServer {
    let test: TestServer
    var server: BesterServer { test.server }

    static func start(_ configuration: ServerConfiguration = .testing()) async throws -> CLITestServer {
        CLITestServer(test: try await TestServer.start(configuration, loopCount: 1) { $0.register(RelayHandler(), forType: "relay") })
    }

    var address: String { "\(test.address)" }

    /// The ChatMaster front-end's address.
    var chatMasterAddress: String { "127.0.0.1:\(server.chatMasterAddress?.port ?? 0)" }

    /// The MessagePack chat front-end's address.
    var messagePackAddress: String { "127.0.0.1:\(server.messagePackChatAddress?.port ?? 0)" }

    func addUser(_ name: String, password: String = "password1") async throws {
        try await test.addUsers(name, password: password)
    }

    func stop() async { await test.stop() }
}

