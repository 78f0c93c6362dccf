import BesterClient
import BesterServer
import Foundation
import Testing

@Suite struct ConnectingTests {
    @Test(arguments: Dialect.allCases)
    func logsInAndRequestsInEachDialect(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice", dialect: dialect)
        #expect(client.username == "alice")
        #expect(client.isConnected)
        let response = try await client.request("echo", data: ["text": "hi"])
        #expect(response.isSuccess)
        #expect(response.type == "echo")
        #expect(response.data == ["text": "hi"])
        let whoami = try await client.whoami()
        #expect(whoami.username == "alice")
        #expect(whoami.dialect == dialect)
        #expect(try await client.ping() > .zero)
        await client.close()
        await server.stop()
    }

    @Test(arguments: Dialect.allCases)
    func registersOnTheFirstFrameInEachDialect(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        let credentials = Credentials(username: "newcomer", password: "correct horse")
        let options = BesterClient.Options(dialect: dialect, eventLoopGroup: clientGroup)
        let client = try await BesterClient.register(at: server.endpoint, as: credentials, options: options)
        #expect(client.username == "newcomer")
        #expect(try await client.request("echo", data: 1).data == 1)
        await client.close()
        let again = try await BesterClient.connect(to: server.endpoint, as: credentials, options: options)
        #expect(try await again.whoami().username == "newcomer")
        await again.close()
        await #expect(throws: BesterClientError.self) {
            try await BesterClient.register(at: server.endpoint, as: credentials, options: options)
        }
        await server.stop()
    }

    @Test func aTakenNameIsRejectedWithTheServersReason() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        do {
            _ = try await BesterClient.register(at: server.endpoint, as: Credentials(username: "alice", password: "another one"),
                                                options: BesterClient.Options(eventLoopGroup: clientGroup))
            Issue.record("registering a taken name succeeded")
        } catch {
            #expect(error.errorReport?.code == .userExists)
            #expect(!error.isTransient)
        }
        await server.stop()
    }

    @Test(arguments: Dialect.allCases)
    func wrongCredentialsAreRejectedAsAuthenticationFailed(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        do {
            _ = try await server.connect("alice", password: "wrong password", dialect: dialect)
            Issue.record("a wrong password logged in")
        } catch {
            #expect(error.errorReport?.code == .authenticationFailed)
            #expect(error.description == "wrong username or password (authenticationFailed)")
        }
        await server.stop()
    }

    @Test func aRefusedConnectionSaysWhereAndWhy() async throws {
        let refusing = try RefusingPort()
        // Held to the end of the test: the port must stay taken while it is refused.
        defer { withExtendedLifetime(refusing) {} }
        let endpoint = refusing.endpoint
        do {
            _ = try await BesterClient.connect(to: endpoint, as: Credentials(username: "a", password: "b"),
                                               options: BesterClient.Options(eventLoopGroup: clientGroup))
            Issue.record("connected to a closed port")
        } catch {
            guard case .cannotConnect(let named, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(named == endpoint)
            #expect(error.isTransient)
            #expect(error.description == "cannot connect to \(endpoint): Connection refused")
        }
    }

    @Test func connectsOverAUnixSocket() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("bester.sock")
        let server = try await TestServer.start(.testing { $0.listeners = [.unix(path: path)] })
        try await server.addUsers("alice")
        let client = try await BesterClient.connect(to: try Endpoint(parsing: "unix:\(path)"),
                                                    as: Credentials(username: "alice", password: "password1"),
                                                    options: BesterClient.Options(dialect: .v2, eventLoopGroup: clientGroup))
        #expect(try await client.request("echo", data: "over unix").data == "over unix")
        await client.close()
        await server.stop()
    }

    @Test func connectsOverIPv6() async throws {
        let server = try await TestServer.start(.testing { $0.listeners = [.tcp(host: "::1", port: 0)] })
        try await server.addUsers("alice")
        let endpoint = try Endpoint(parsing: "[::1]:\(server.port)")
        let client = try await BesterClient.connect(to: endpoint, as: Credentials(username: "alice", password: "password1"),
                                                    options: BesterClient.Options(dialect: .v2_1, eventLoopGroup: clientGroup))
        #expect(try await client.request("echo", data: "over IPv6").data == "over IPv6")
        await client.close()
        await server.stop()
    }

    @Test func resolvesAHostName() async throws {
        // localhost may resolve to ::1 first; the server listens on 127.0.0.1
        // only, so this also shows the next address is tried.
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await BesterClient.connect(to: .tcp(host: "localhost", port: server.port),
                                                    as: Credentials(username: "alice", password: "password1"),
                                                    options: BesterClient.Options(eventLoopGroup: clientGroup))
        #expect(try await client.request("echo", data: "by name").data == "by name")
        await client.close()
        await server.stop()
    }

    @Test func changesThePasswordAndLogsInWithTheNewOne() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice", dialect: .v2_1)
        do {
            try await client.changePassword(from: "not it", to: "battery staple")
            Issue.record("a wrong current password was accepted")
        } catch {
            #expect(error.errorReport?.code == .wrongPassword)
        }
        try await client.changePassword(from: "password1", to: "battery staple")
        await client.close()
        let again = try await server.connect("alice", password: "battery staple")
        await again.close()
        await #expect(throws: BesterClientError.self) { try await server.connect("alice", password: "password1") }
        await server.stop()
    }

    @Test func logsOutAndInAgainOnTheSameConnection() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice", "bob")
        let client = try await server.connect("alice")
        try await client.logout()
        #expect(client.username == nil)
        do {
            _ = try await client.request("echo", data: 1)
            Issue.record("a logged-out connection was served")
        } catch {
            #expect(error.errorReport?.code == .notAuthenticated)
        }
        try await client.authenticate(as: Credentials(username: "bob", password: "password1"))
        #expect(client.username == "bob")
        #expect(try await client.whoami().username == "bob")
        try await client.logout()
        try await client.register(as: Credentials(username: "carol", password: "password3"))
        #expect(try await client.whoami().username == "carol")
        await client.close()
        await server.stop()
    }
}
