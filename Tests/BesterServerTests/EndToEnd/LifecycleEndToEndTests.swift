@testable import BesterIO
import BesterProtocol
import Foundation
import Testing
@testable import BesterServer

@Suite struct LifecycleEndToEndTests {
    @Test func aClientSendingOneByteAtATimeIsServed() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await RawClient.connect(to: server.address)
        let bytes = FrameEncoder.frame(["header": ["authentication": ["username": "alice", "password": "password1"]],
                                        "payload": ["type": "echo", "data": "drip", "id": "1"]])
            + FrameEncoder.frame(request("echo", "drop", id: "2", dialect: .v2))
        for byte in bytes { client.sendRaw([byte]) }
        #expect(try await client.receive()["payload"]?["data"] == "drip")
        #expect(try await client.receive()["payload"]?["data"] == "drop")
        await server.stop()
    }

    @Test func anOversizedLengthPrefixIsRefusedAndTheConnectionClosed() async throws {
        let server = try await TestServer.start(.testing { $0.limits.maxFrameBytes = 1024 })
        let client = try await RawClient.connect(to: server.address)
        client.sendRaw([0xFF, 0xFF, 0xFF, 0x7F])
        let reply = try await client.receive()
        #expect(reply.errorCode == "frameTooLarge")
        try await client.waitForClose()
        await server.stop()
    }

    @Test func aConnectionWithoutAValidFirstFrameTimesOut() async throws {
        let server = try await TestServer.start(.testing { $0.limits.handshakeTimeout = .milliseconds(300) })
        let client = try await RawClient.connect(to: server.address)
        let notice = try await client.receive()
        #expect(notice.messageType == "notice")
        #expect(notice["payload"]?["data"]?["event"] == "handshakeTimeout")
        try await client.waitForClose()
        await server.stop()
    }

    @Test func anIdleConnectionIsToldAndClosed() async throws {
        let server = try await TestServer.start(.testing { $0.limits.idleTimeout = .milliseconds(300) })
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let notice = try await client.receive()
        #expect(notice["payload"]?["data"]?["event"] == "idleTimeout")
        try await client.waitForClose()
        await server.stop()
    }

    @Test func connectionsPastTheLimitAreRefusedWithAReason() async throws {
        let server = try await TestServer.start(.testing { $0.limits.maxConnections = 2 })
        try await server.addUsers("alice")
        let first = try await server.login("alice")
        let second = try await server.login("alice")
        let third = try await RawClient.connect(to: server.address)
        let refused = try await third.receive()
        #expect(refused.errorCode == "serverFull")
        #expect(refused.errorMessage == "the server is full (2 connections); try again later")
        try await third.waitForClose()
        first.close()
        second.close()
        await server.stop()
    }

    @Test func aSlowConsumerIsDisconnectedAndOthersKeepBeingServed() async throws {
        let server = try await TestServer.start(.testing { $0.limits.maxPendingOutputBytes = 64 * 1024 }) {
            $0.register(RelayHandler(), forType: "relay")
        }
        try await server.addUsers("alice", "bob")
        // bob logs in with a plain socket and never reads again.
        let bob = try StalledClient(port: server.address.port ?? 0)
        try await bob.logIn(user: "bob", password: "password1")
        defer { bob.close() }
        let alice = try await server.login("alice")
        let chunk = String(repeating: "x", count: 16 * 1024)
        var undelivered = false
        for round in 0..<2000 where !undelivered {
            alice.send(request("relay", ["to": ["bob"], "body": .string(chunk)], id: "\(round)"))
            let report = try await alice.receive()
            undelivered = report["payload"]?["data"]?["undelivered"] == ["bob"]
        }
        #expect(undelivered, "bob should have been disconnected as a slow consumer")
        alice.send(request("echo", "fine"))
        #expect(try await alice.receive()["payload"]?["data"] == "fine")
        await server.stop()
    }

    @Test func shutdownTellsClientsFinishesInFlightRequestsAndCloses() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice", "bob")
        let alice = try await server.login("alice")
        let bob = try await server.login("bob", dialect: .v3)
        alice.send(request("gate", ["key": "inflight"], id: "inflight"))
        try await gate.waitUntilHeld(["inflight"])
        let stopping = Task { await server.stop() }
        // Shutdown has begun with the request in flight; only now may it finish.
        #expect(try await alice.receive()["payload"]?["data"]?["event"] == "shutdown")
        gate.open("inflight")
        var aliceSaw: [JSONValue] = []
        while let frame = try await alice.receiveOrEnd() { aliceSaw.append(frame) }
        #expect(aliceSaw.contains { $0["payload"]?["id"] == "inflight" && $0["payload"]?["data"] == ["key": "inflight"] })
        let bobNotice = try await bob.receive()
        #expect(bobNotice["data"]?["event"] == "shutdown")
        try await bob.waitForClose()
        await stopping.value
    }

    @Test func anInProcessRequestStillRunningWhenTheGraceEndsIsAnswered() async throws {
        let gate = Gate()
        let server = try await TestServer.start(.testing { $0.limits.shutdownGrace = .milliseconds(300) }) {
            $0.register(gate, forType: "gate")
        }
        try await server.addUsers("alice")
        let alice = try await server.login("alice")
        alice.send(request("gate", ["key": "never"], id: "held"))
        try await gate.waitUntilHeld(["never"])
        let stopping = Task { await server.stop() }
        var aliceSaw: [JSONValue] = []
        while let frame = try await alice.receiveOrEnd() { aliceSaw.append(frame) }
        let answers = aliceSaw.filter { $0["payload"]?["id"] == "held" }
        #expect(answers.count == 1, "\(aliceSaw)")
        #expect(answers.first?.errorCode == "handlerUnavailable")
        #expect(answers.first?.errorMessage == "handler 'gate' is unavailable: the server is shutting down")
        try await gate.waitUntilCancelled(["never"])
        await stopping.value
    }

    @Test func aServerReleasesItsEventLoopsWhenItStopsOrFailsToStart() async throws {
        func released(_ server: BesterServer) -> Bool { server.context.group.loops.allSatisfy { !$0.descriptorsOpen } }
        let started = try BesterServer(configuration: .testing(), logger: .silent)
        try await started.start()
        #expect(!released(started))
        await started.shutdown()
        #expect(released(started))
        let neverStarted = try BesterServer(configuration: .testing(), logger: .silent)
        await neverStarted.shutdown()
        #expect(released(neverStarted))
        // A start that fails (the port is taken) releases everything by itself.
        let taken = try RefusingPort()
        let failing = try BesterServer(configuration: .testing { $0.listeners = [.tcp(host: "127.0.0.1", port: taken.port)] },
                                       logger: .silent)
        await #expect(throws: IOError.self) { try await failing.start() }
        #expect(released(failing))
    }

    @Test func accountsSurviveARestartAndNoPasswordIsStoredInClear() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = scratch.path
        let configuration = ServerConfiguration.testing { $0.storage = .directory(directory) }
        let password = "very-distinctive-secret-\(UInt32.random(in: 0...UInt32.max))"
        let first = try await TestServer.start(configuration)
        let client = try await RawClient.connect(to: first.address)
        client.send(BuiltinCommand.register(username: nil, password: nil)
            .request(credentials: Credentials(username: "frank", password: password)).json(in: .v2_1))
        #expect(try await client.receive().status == "good")
        await first.stop()

        let second = try await TestServer.start(configuration)
        _ = try await second.login("frank", password: password)
        await second.stop()

        let needle = Array(password.utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let bytes = Array(FileManager.default.contents(atPath: "\(directory)/\(file)") ?? Data())
            #expect(!bytes.contains(needle), "\(file) contains the password in clear")
        }
    }
}
