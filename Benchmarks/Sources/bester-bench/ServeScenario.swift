import BesterServer
import Foundation

/// `bester-bench serve [--chat] [--external=TYPE:MODE:SOCKET ...]`: the
/// server side of the server benchmarks, run by them as a child process.
/// Serves Bester on a free loopback port with in-memory storage and the
/// cheapest password hashing, creates the account `bench`, prints `port N`,
/// runs until SIGINT. With `--chat`, also serves MessagePack chat with flood
/// control off and no room-size limit to speak of, and prints that port
/// instead. Each `--external` adds an external handler started elsewhere
/// (MODE is `per-message` or `persistent`).
struct ServeScenario: Scenario {
    let name = "serve"
    let summary = "(internal) the server process the other scenarios start"

    func run(arguments: [String]) async throws {
        var configuration = ServerConfiguration.ephemeral
        configuration.accounts.hashCost = 1
        configuration.logLevel = .error
        configuration.limits.idleTimeout = nil
        configuration.limits.handshakeTimeout = .seconds(120)
        configuration.limits.maxConnections = 1_000_000
        let servesChat = arguments.contains("--chat")
        configuration.chatMaster = nil
        if servesChat {
            configuration.messagePackChat?.idleTimeout = nil
            configuration.messagePackChat?.loginTimeout = .seconds(600)
            configuration.chat.messagesPerSecond = 0
            configuration.chat.maxMembersPerRoom = 1_000_000
            configuration.chat.maxRoomsPerUser = 10_000
        } else {
            configuration.messagePackChat = nil
        }
        for external in arguments.options("external") {
            let parts = external.split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count == 3, let mode = HandlerConnectionMode(rawValue: parts[1]) else {
                throw BenchmarkFailure.failed("expected --external=TYPE:MODE:SOCKET, got \(external)")
            }
            var handler = ExternalHandlerConfiguration(type: parts[0], socketPath: parts[2])
            handler.mode = mode
            configuration.externalHandlers.append(handler)
        }
        let server = try BesterServer(configuration: configuration)
        try await server.accounts.register(username: BenchAccount.credentials.username, password: BenchAccount.credentials.password)
        try await server.start()
        // The parent waits for this line (this module's print is unbuffered).
        let address = servesChat ? server.messagePackChatAddress : server.listeningAddresses.first
        print("port \(address?.port ?? 0)")
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { Task { await server.shutdown() } }
        source.resume()
        await server.waitUntilStopped()
    }
}
