import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct CrossProtocolChatTests {
    @Test func chatMasterMessagePackAndBesterUsersInOneRoomHearEachOther() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("alice", "carol")
        let carol = try await server.besterChatUser("carol")
        let (alice, token) = try await server.messagePackUser("alice")
        let joined = try await carol.receive()
        #expect(joined.messageType == "receivedMessage")
        #expect(joined["header"]?["from"] == "alice")
        #expect(joined["payload"]?["data"] == ["event": "joined", "room": "general", "username": "alice"])
        let ann = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "ann")
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")))
        #expect(try await carol.receive()["payload"]?["data"] == ["event": "joined", "room": "general", "username": "ann"])

        ann.say("hi from ChatMaster")
        #expect(try await alice.update() == .msgGroup(groupName: "general", sender: "ann", content: "hi from ChatMaster"))
        let fromAnn = try await carol.receive()
        #expect(fromAnn["header"]?["from"] == "ann")
        #expect(fromAnn["payload"]?["type"] == "chat")
        #expect(fromAnn["payload"]?["data"] == ["event": "message", "room": "general", "text": "hi from ChatMaster"])

        #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "general", content: "hi from MessagePack")) == .ok)
        #expect(try await ann.receive() == chatMasterMessage("hi from MessagePack", from: "alice"))
        #expect(try await carol.receive()["payload"]?["data"]?["text"] == "hi from MessagePack")

        carol.send(request("chat", ["action": "message", "room": "general", "text": "hi from Bester"], id: "m1"))
        let sent = try await carol.receive()
        #expect(sent.status == "good")
        #expect(sent["payload"]?["id"] == "m1")
        #expect(try await ann.receive() == chatMasterMessage("hi from Bester", from: "carol"))
        #expect(try await alice.update() == .msgGroup(groupName: "general", sender: "carol", content: "hi from Bester"))

        // Presence reaches the others: Ann leaves.
        ann.close()
        #expect(try await carol.receive()["payload"]?["data"] == ["event": "left", "room": "general", "username": "ann"])
        await server.stop()
    }

    @Test func aWhisperFromMessagePackReachesAChatMasterGuestAsAMarkedMessage() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("alice")
        let guest = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "PythonMaster2K16")
        #expect(try await guest.receive() == .notification(.userJoined(username: "PythonMaster2K16")))
        let (alice, token) = try await server.messagePackUser("alice")
        #expect(try await guest.receive() == .notification(.userJoined(username: "alice")))
        #expect(try await alice.call(.whisper(username: "alice", token: token, recipient: "pythonmaster2k16", content: "psst")) == .ok)
        let (package, json) = try #require(try await guest.receiveWithJSON())
        #expect(package == chatMasterMessage("psst", from: "alice"))
        #expect(json == ["type": "message", "data": ["message": "psst", "username": "alice", "whisper": true]])
        await server.stop()
    }

    @Test func oneAccountForEveryProtocol() async throws {
        let server = try await TestServer.start(.chatTesting())
        // Registered over Bester, logged in over MessagePack and ChatMaster.
        let viaBester = try await RawClient.connect(to: server.address)
        viaBester.send(BuiltinCommand.register(username: nil, password: nil)
            .request(credentials: Credentials(username: "dave", password: "password1")).json(in: .v2_1))
        #expect(try await viaBester.receive().status == "good")
        let (mp, _) = try await server.messagePackUser("dave")
        _ = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "dave", password: "password1")
        // Registered over MessagePack, logged in over Bester.
        #expect(try await mp.call(.register(username: "erin", password: "password2")) == .ok)
        _ = try await server.login("erin", password: "password2")
        await server.stop()
    }

    @Test func theBesterChatHandlerReportsFailuresWithCodes() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("carol", "dave")
        let carol = try await server.besterChatUser("carol")
        func call(_ data: JSONValue) async throws -> JSONValue {
            carol.send(request("chat", data))
            return try await carol.receive()
        }
        /// The response and the delivery a request causes, which may come in either order.
        func callWithEvent(_ data: JSONValue) async throws -> (response: JSONValue, event: JSONValue?) {
            carol.send(request("chat", data))
            let first = try await carol.receive()
            let second = try await carol.receive()
            return first.messageType == "statusReport" ? (first, second["payload"]?["data"]) : (second, first["payload"]?["data"])
        }
        #expect(try await call(["action": "join", "room": "rust"]).errorCode == "noSuchRoom")
        let created = try await callWithEvent(["action": "create", "room": "rust", "private": true])
        #expect(created.response["payload"]?["data"] == ["room": "rust"])
        #expect(created.event == ["event": "joined", "room": "rust", "username": "carol"])
        #expect(try await call(["action": "create", "room": "Rust"]).errorCode == "roomExists")
        #expect(try await call(["action": "rooms"])["payload"]?["data"] == ["rooms": [
            ["name": "general", "members": 1, "private": false, "joined": true],
            ["name": "rust", "members": 1, "private": true, "joined": true],
        ]])
        #expect(try await call(["action": "private", "room": "general"]).errorCode == "notAllowed")
        #expect(try await call(["action": "message", "room": "go", "text": "x"]).errorCode == "noSuchRoom")
        #expect(try await call(["action": "whisper", "to": "nobody", "text": "x"]).errorCode == "noSuchUser")
        #expect(try await call(["action": "whisper", "to": "dave", "text": "later"])["payload"]?["data"] == ["stored": true])
        #expect(try await call(["action": "addContact", "contact": "dave"]).status == "good")
        #expect(try await call(["action": "contacts"])["payload"]?["data"] == ["contacts": [["username": "dave", "online": false]]])
        let invalid = try await call(["action": "join"])
        #expect(invalid.errorCode == "validation")
        #expect(invalid["header"]?["error"]?["path"] == "payload.data.room")
        #expect(try await call(["action": "dance"]).errorCode == "validation")
        let left = try await callWithEvent(["action": "leave", "room": "rust"])
        #expect(left.response["payload"]?["data"] == ["room": "rust"])
        #expect(left.event == ["event": "left", "room": "rust", "username": "carol"])
        #expect(try await call(["action": "leave", "room": "rust"]).errorCode == "noSuchRoom")
        await server.stop()
    }
}
