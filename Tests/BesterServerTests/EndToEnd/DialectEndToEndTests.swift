import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct DialectEndToEndTests {
    @Test(arguments: [Dialect.v2, .v2_1, .v3])
    func eachDialectAuthenticatesAndRoundTripsThroughEcho(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice", dialect: dialect)
        client.send(request("echo", ["text": "hi", "n": 42], id: "e1", dialect: dialect))
        let reply = try await client.receive()
        #expect(reply.status == "good")
        #expect(reply.messageType == "statusReport")
        if dialect == .v3 {
            #expect(reply["data"] == ["text": "hi", "n": 42])
            #expect(reply["header"]?["id"] == "e1")
            #expect(reply["header"]?["type"] == "echo")
        } else {
            #expect(reply["payload"]?["data"] == ["text": "hi", "n": 42])
            #expect(reply["payload"]?["id"] == "e1")
            #expect(reply["payload"]?["type"] == "echo")
        }
        client.close()
        await server.stop()
    }

    @Test func theFirstFrameCarriesARequestInV2() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await RawClient.connect(to: server.address)
        client.send(["header": ["authentication": ["username": "alice", "password": "password1"]],
                     "payload": ["type": "echo", "data": [1, 2, 3], "id": "first"]])
        let reply = try await client.receive()
        #expect(reply["payload"]?["data"] == [1, 2, 3])
        #expect(reply["payload"]?["id"] == "first")
        await server.stop()
    }

    @Test func aV3IdentifyFrameIsAnsweredWithTheUsername() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("carol")
        let client = try await RawClient.connect(to: server.address)
        client.send(["header": ["identify": ["type": "client", "authentication": ["username": "carol", "password": "password1"]]]])
        let reply = try await client.receive()
        #expect(reply.status == "good")
        #expect(reply["header"]?["type"] == "identify")
        #expect(reply["data"]?["username"] == "carol")
        await server.stop()
    }

    @Test(arguments: [Dialect.v2, .v2_1, .v3])
    func aWrongPasswordGetsAnErrorThenTheConnectionCloses(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        do {
            _ = try await server.login("alice", password: "not-the-password", dialect: dialect)
            Issue.record("login should fail")
        } catch let failure as LoginFailed {
            #expect(failure.reply.errorCode == "authenticationFailed")
        }
        let client = try await RawClient.connect(to: server.address)
        client.send(BuiltinCommand.ping.request(credentials: Credentials(username: "nobody", password: "password1")).json(in: .v2))
        let reply = try await client.receive()
        #expect(reply.errorCode == "authenticationFailed", "an unknown user gets the same answer as a wrong password")
        try await client.waitForClose()
        await server.stop()
    }

    @Test func manySimultaneousLoginsOfOneUserAllSucceed() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let clients = try await withThrowingTaskGroup(of: RawClient.self) { group in
            for _ in 0..<32 { group.addTask { try await server.login("alice") } }
            return try await group.reduce(into: [RawClient]()) { $0.append($1) }
        }
        #expect(clients.count == 32)
        await server.stop()
    }

    @Test func aSecondDialectOnOneConnectionIsAnErrorAndTheConnectionStays() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice", dialect: .v2)
        client.send(request("echo", "x", id: "m", dialect: .v2_1))
        let mismatch = try await client.receive()
        #expect(mismatch.errorCode == "dialectMismatch")
        #expect(mismatch["payload"]?["id"] == "m")
        client.send(request("echo", "still here", dialect: .v2))
        #expect(try await client.receive()["payload"]?["data"] == "still here")
        await server.stop()
    }

    @Test func aClientConnectionCannotTurnIntoAServerOne() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice", dialect: .v2_1)
        client.sendRaw(frameBytes(#"{"header":{"scope":"server"},"payload":{"type":"echo","id":"s","data":1}}"#))
        let refused = try await client.receive()
        #expect(refused.errorCode == "validation")
        #expect(refused["header"]?["error"]?["path"] == "header.scope")
        #expect(refused["payload"]?["id"] == "s")
        client.send(request("echo", "still here", dialect: .v2_1))
        #expect(try await client.receive()["payload"]?["data"] == "still here")
        await server.stop()
    }

    @Test func aPeerServerIsRefusedWithUnknownPeer() async throws {
        let server = try await TestServer.start()
        let client = try await RawClient.connect(to: server.address)
        client.send(["header": ["identify": ["type": "server"]]])
        let reply = try await client.receive()
        #expect(reply.errorCode == "unknownPeer")
        try await client.waitForClose()
        await server.stop()
    }
}
