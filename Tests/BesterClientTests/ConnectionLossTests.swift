@testable import BesterClient
import BesterServer
import Foundation
import Testing

extension ServerConfiguration {
    /// A server that can be stopped and started again at the same address
    /// (a Unix socket in `directory`, where no other test can take it) with
    /// the same storage.
    static func restartable(in directory: ScratchDirectory) -> ServerConfiguration {
        .testing {
            $0.storage = .directory(directory.file("data"))
            $0.listeners = [.unix(path: directory.file("bester.sock"))]
        }
    }
}

@Suite struct ConnectionLossTests {
    /// A server in `directory` that can be restarted, with alice connected and reconnecting quickly.
    static func startWithReconnectingAlice(in directory: ScratchDirectory) async throws -> (TestServer, BesterClient) {
        let server = try await TestServer.start(.restartable(in: directory))
        try await server.addUsers("alice")
        let alice = try await server.connect("alice") { $0.reconnect = ReconnectPolicy(initialDelay: .milliseconds(10)) }
        return (server, alice)
    }

    @Test func losingTheConnectionFailsWaitingRequestsAndEndsTheEvents() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let log = EventLog(client.events)
        let waiting = Task { () throws(BesterClientError) -> Response in
            try await client.request("gate", data: ["key": "held"])
        }
        try await gate.waitUntilHeld(["held"])
        // The server closes the connection with the request still held: asked to, unawaited.
        try client.send("builtin", data: BuiltinCommand.close.data, id: "bye")
        let lost = BesterClientError.connectionLost(.closedByPeer, notice: nil)
        await #expect(throws: lost) { try await waiting.value }
        #expect(try await log.nextResponse()?.id == "bye", "the close command's response comes first")
        #expect(try await log.next() == .disconnected(lost))
        #expect(try await log.next() == nil)
        #expect(!client.isConnected)
        gate.openAll()
        await client.close()
        await server.stop()
    }

    @Test func aShutdownEndsTheEventsAndLaterCallsSayWhy() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let log = EventLog(client.events)
        await server.stop()
        let shutdown = Notice(event: .shutdown, message: "the server is shutting down")
        let lost = BesterClientError.connectionLost(.closedByPeer, notice: shutdown)
        #expect(try await log.next() == .notice(shutdown))
        #expect(try await log.next() == .disconnected(lost))
        #expect(try await log.next() == nil)
        #expect(lost.description == "connection lost: the server is shutting down (shutdown)")
        // Calls made afterwards say what ended the client; `closed` is for close().
        await #expect(throws: lost) { try await client.request("echo", data: 1) }
        #expect(throws: lost) { try client.send("echo", data: 1) }
        await client.close()
        await #expect(throws: BesterClientError.closed) { try await client.request("echo", data: 1) }
    }

    @Test func reconnectsAfterAServerRestartAndLogsInAgain() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let first = try await TestServer.start(.restartable(in: directory))
        try await first.addUsers("alice", "bob")
        let alice = try await first.connect("alice", dialect: .v2_1) {
            $0.reconnect = ReconnectPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(100))
        }
        let log = EventLog(alice.events)
        await first.stop()
        _ = try await log.first { if case .disconnected = $0 { return true } else { return false } }
        #expect(!alice.isConnected)
        #expect(throws: BesterClientError.notConnected) { try alice.send("echo", data: 1) }
        // A request made while the server is away waits for the new connection.
        let queued = Task { () throws(BesterClientError) -> Response in
            try await alice.request("echo", data: "sent after the restart")
        }
        let second = try await TestServer.start(.restartable(in: directory)) { $0.register(RelayHandler(), forType: "relay") }
        #expect(try await log.next() == .reconnected)
        #expect(alice.isConnected)
        #expect(try await queued.value.data == "sent after the restart")
        #expect(try await alice.whoami().dialect == .v2_1)
        let bob = try await second.connect("bob")
        _ = try await bob.request("relay", data: ["to": ["alice"], "body": "welcome back"])
        #expect(try await log.next() == .delivery(Delivery(type: "relay", from: "bob", data: "welcome back")))
        await bob.close()
        await alice.close()
        await second.stop()
    }

    @Test func aLoggedOutClientStaysLoggedOutWhenItReconnects() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (first, alice) = try await Self.startWithReconnectingAlice(in: directory)
        try await alice.logout()
        let log = EventLog(alice.events)
        await first.stop()
        let second = try await TestServer.start(.restartable(in: directory))
        _ = try await log.first { $0 == .reconnected }
        #expect(alice.username == nil)
        #expect(try await alice.whoami().username == nil)
        do {
            _ = try await alice.request("echo", data: 1)
            Issue.record("a logged-out client's request was served")
        } catch {
            #expect(error.errorReport?.code == .notAuthenticated, "\(error)")
        }
        // The logout sent after the login is answered out of sight: the next event is this unawaited ping's answer.
        try alice.send("builtin", data: BuiltinCommand.ping.data, id: "marker")
        #expect(try await log.nextResponse()?.id == "marker", "the ping's response comes next")
        try await alice.authenticate(as: Credentials(username: "alice", password: "password1"))
        #expect(try await alice.request("echo", data: 2).data == 2)
        await alice.close()
        await second.stop()
    }

    @Test func reconnectingUsesTheChangedPassword() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (first, alice) = try await Self.startWithReconnectingAlice(in: directory)
        try await alice.changePassword(from: "password1", to: "a new secret")
        let log = EventLog(alice.events)
        await first.stop()
        let second = try await TestServer.start(.restartable(in: directory))
        _ = try await log.first { $0 == .reconnected }
        #expect(try await alice.whoami().username == "alice")
        await alice.close()
        await second.stop()
    }

    @Test func reconnectingStopsWhenTheCredentialsAreRefused() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (first, alice) = try await Self.startWithReconnectingAlice(in: directory)
        let log = EventLog(alice.events)
        await first.stop()
        // The account is gone when the server comes back: it has no stored accounts.
        let second = try await TestServer.start(.testing { $0.listeners = ServerConfiguration.restartable(in: directory).listeners })
        let last = try await log.first {
            if case .disconnected(let error) = $0 { return error.errorReport != nil } else { return false }
        }
        guard case .disconnected(let error) = last else { return }
        #expect(error.errorReport?.code == .authenticationFailed)
        #expect(try await log.next() == nil)
        await alice.close()
        await second.stop()
    }

    @Test func closingStopsReconnecting() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let alice = try await server.connect("alice") { $0.reconnect = ReconnectPolicy(initialDelay: .milliseconds(5)) }
        let log = EventLog(alice.events)
        await server.stop()
        _ = try await log.first { if case .disconnected = $0 { return true } else { return false } }
        let queued = Task { () throws(BesterClientError) -> Response in
            try await alice.request("echo", data: 1)
        }
        // Wait until the request is queued behind the reconnection, then close.
        try await waitUntil("the queued request", within: 5) { alice.state.withLock { !$0.calls.isEmpty } }
        await alice.close()
        await #expect(throws: BesterClientError.closed) { try await queued.value }
        #expect(try await log.next() == nil)
    }
}
