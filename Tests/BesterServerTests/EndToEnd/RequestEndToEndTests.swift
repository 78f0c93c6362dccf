import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct RequestEndToEndTests {
    /// Each MUST of the specs, broken over the wire, comes back named.
    @Test(arguments: [
        (#"{"header":{},"payload":{"type":"echo","data":1,"id":"a"}}"#, "header.scope"),
        (#"{"header":{"scope":"client"},"payload":{"data":1,"id":"b"}}"#, "payload.type"),
        (#"{"header":{"scope":"client"},"payload":{"type":"echo","id":"c"}}"#, "payload.data"),
        (#"{"header":{"scope":"client"},"payload":{"type":7,"data":1,"id":"d"}}"#, "payload.type"),
        (#"{"header":{"scope":"client"},"payload":"echo"}"#, "payload"),
        (#"{"header":{"scope":"client"}}"#, "payload"),
        (#"{"header":{"scope":"elsewhere"},"payload":{"type":"echo","data":1}}"#, "header.scope"),
        (#"{"header":{"scope":"client"},"payload":{"type":"echo","data":1,"id":9}}"#, "payload.id"),
        (#"{"header":5,"payload":{"type":"echo","data":1}}"#, "header"),
    ])
    func everyValidationErrorReachesTheClient(_ body: String, _ path: String) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice", dialect: .v2_1)
        client.sendRaw(FrameEncoder.frame(try JSONParser.parse(body)))
        let reply = try await client.receive()
        #expect(reply.status == "bad")
        #expect(reply["header"]?["error"]?["path"]?.stringValue == path, "\(reply)")
        #expect(reply.errorCode == "validation" || reply.errorCode == "dialectMismatch")
        // The connection is still usable.
        client.send(request("echo", "ok"))
        #expect(try await client.receive()["payload"]?["data"] == "ok")
        await server.stop()
    }

    /// A trailing comma, and an empty frame (its framing is intact, so the stream goes on).
    @Test(arguments: [(frameBytes(#"{"header":{"scope":"client"},}"#), "byte 29: "),
                      ([0, 0, 0, 0], "byte 0: expected a value, found end of input")])
    func invalidJSONNamesTheOffsetAndKeepsTheConnection(_ frame: [UInt8], message: String) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.sendRaw(frame)
        let reply = try await client.receive()
        #expect(reply.errorCode == "invalidJSON")
        #expect(reply.errorMessage.hasPrefix(message), "\(reply)")
        client.send(request("echo", "ok"))
        #expect(try await client.receive()["payload"]?["data"] == "ok")
        await server.stop()
    }

    @Test func aRepeatedMemberTakesItsLastValueAsDocumented() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.sendRaw(frameBytes(#"{"header":{"scope":"client"},"payload":{"data":1,"type":"echo","id":"a","data":2,"id":"b"}}"#))
        let reply = try await client.receive()
        #expect(reply["payload"]?["data"] == 2, "\(reply)")
        #expect(reply["payload"]?["id"] == "b")
        await server.stop()
    }

    @Test func everyRequestGetsOneResponseWithItsID() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        for index in 0..<50 { client.send(request(index % 5 == 0 ? "nosuchtype" : "echo", .integer(Int64(index)), id: "id-\(index)")) }
        for index in 0..<50 {
            let reply = try await client.receive()
            #expect(reply["payload"]?["id"]?.stringValue == "id-\(index)")
            #expect(reply.status == (index % 5 == 0 ? "bad" : "good"))
            if index % 5 == 0 { #expect(reply.errorCode == "unknownType") }
        }
        await server.stop()
    }

    @Test func dummyAndBuiltinsWork() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(request("dummy", ["anything": true], id: "d"))
        let dummy = try await client.receive()
        #expect(dummy.status == "good" && dummy["payload"]?["data"] == .null)
        client.send(BuiltinCommand.ping.request(id: "p").json(in: .v2_1))
        #expect(try await client.receive()["payload"]?["data"] == "pong")
        client.send(BuiltinCommand.whoami.request(id: "w").json(in: .v2_1))
        #expect(try await client.receive()["payload"]?["data"] == ["dialect": "v2.1", "username": "alice"])
        client.send(BuiltinCommand.close.request(id: "c").json(in: .v2_1))
        #expect(try await client.receive().status == "good")
        try await client.waitForClose()
        await server.stop()
    }

    @Test func afterLogoutRequestsAreRefusedUntilAuthenticate() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(BuiltinCommand.logout.request().json(in: .v2_1))
        #expect(try await client.receive().status == "good")
        client.send(request("echo", 1, id: "x"))
        let refused = try await client.receive()
        #expect(refused.errorCode == "notAuthenticated")
        #expect(refused["payload"]?["id"] == "x")
        client.send(BuiltinCommand.authenticate(username: "alice", password: "password1").request().json(in: .v2_1))
        #expect(try await client.receive()["payload"]?["data"]?["username"] == "alice")
        client.send(request("echo", 2))
        #expect(try await client.receive()["payload"]?["data"] == 2)
        await server.stop()
    }

    @Test func registerChangePasswordAndLogInAgain() async throws {
        let server = try await TestServer.start()
        let client = try await RawClient.connect(to: server.address)
        client.send(BuiltinCommand.register(username: nil, password: nil)
            .request(id: "r", credentials: Credentials(username: "dave", password: "first-password")).json(in: .v2_1))
        let registered = try await client.receive()
        #expect(registered["payload"]?["data"]?["username"] == "dave")
        client.send(BuiltinCommand.changePassword(oldPassword: "wrong-password", newPassword: "second-password").request().json(in: .v2_1))
        #expect(try await client.receive().errorCode == "wrongPassword")
        client.send(BuiltinCommand.changePassword(oldPassword: "first-password", newPassword: "short").request().json(in: .v2_1))
        #expect(try await client.receive().errorCode == "invalidPassword")
        client.send(BuiltinCommand.changePassword(oldPassword: "first-password", newPassword: "second-password").request().json(in: .v2_1))
        #expect(try await client.receive().status == "good")
        client.close()
        _ = try await server.login("dave", password: "second-password")
        let taken = try await RawClient.connect(to: server.address)
        taken.send(BuiltinCommand.register(username: nil, password: nil)
            .request(credentials: Credentials(username: "Dave", password: "another-password")).json(in: .v2))
        #expect(try await taken.receive().errorCode == "userExists")
        await server.stop()
    }

    @Test func registeringAfterTheFirstFrameNeedsALoggedOutConnectionAndBothFields() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(BuiltinCommand.register(username: "frank", password: "frank-password").request(id: "a").json(in: .v2_1))
        let loggedIn = try await client.receive()
        #expect(loggedIn.errorCode == "validation")
        #expect(loggedIn.errorMessage == "payload.data.command.type: already logged in as 'alice'; log out before registering")
        client.send(BuiltinCommand.logout.request().json(in: .v2_1))
        #expect(try await client.receive().status == "good")
        client.send(BuiltinCommand.register(username: "frank", password: nil).request(id: "b").json(in: .v2_1))
        let missing = try await client.receive()
        #expect(missing.errorCode == "validation")
        #expect(missing.errorMessage == "payload.data.command: register needs username and password after the first frame")
        client.send(BuiltinCommand.register(username: "frank", password: "frank-password").request(id: "c").json(in: .v2_1))
        #expect(try await client.receive()["payload"]?["data"]?["username"] == "frank")
        await server.stop()
    }

    @Test func registrationCanBeClosed() async throws {
        let server = try await TestServer.start(.testing { $0.registrationOpen = false })
        let client = try await RawClient.connect(to: server.address)
        client.send(BuiltinCommand.register(username: nil, password: nil)
            .request(credentials: Credentials(username: "erin", password: "password1")).json(in: .v2))
        #expect(try await client.receive().errorCode == "registrationClosed")
        try await client.waitForClose()
        await server.stop()
    }
}
