import BesterClient
import BesterServer

extension ServerConfiguration {
    /// Ephemeral (free loopback ports, in-memory storage), with the cheapest
    /// password hashing so tests are fast, adjusted by `adjust`.
    public static func testing(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var configuration = ServerConfiguration.ephemeral
        configuration.accounts.hashCost = 1
        configuration.logLevel = .error
        adjust(&configuration)
        return configuration
    }
}

/// A real server in the test process, on free loopback ports.
public struct TestServer: Sendable {
    /// The server.
    public let server: BesterServer

    /// Starts a server; `setUp` runs before it listens (register handlers there).
    public static func start(_ configuration: ServerConfiguration = .testing(), loopCount: Int = 2,
                             setUp: (BesterServer) -> Void = { _ in }) async throws -> TestServer {
        let server = try BesterServer(configuration: configuration, logger: .silent, loopCount: loopCount)
        setUp(server)
        try await server.start()
        return TestServer(server: server)
    }

    /// The Bester listener.
    public var address: SocketAddress { server.listeningAddresses[0] }
    /// The Bester listener's port.
    public var port: UInt16 { address.port ?? 0 }
    /// The Bester listener, as a client names it.
    public var endpoint: Endpoint {
        if case .unix(let path) = address { return .unix(path: path) }
        return .tcp(host: "127.0.0.1", port: port)
    }

    /// Stops the server gracefully.
    public func stop() async { await server.shutdown() }

    /// Creates accounts directly in the store.
    public func addUsers(_ names: String..., password: String = "password1") async throws {
        for name in names { try await server.accounts.register(username: name, password: password) }
    }
}
