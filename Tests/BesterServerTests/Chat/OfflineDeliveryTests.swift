import BesterIO
import BesterProtocol
import Foundation
import Testing
@testable import BesterServer

@Suite struct OfflineDeliveryTests {
    @Test func anOfflineWhisperIsDeliveredAfterARestart() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = scratch.path
        let configuration = ServerConfiguration.chatTesting { $0.storage = .directory(directory) }

        let first = try await TestServer.start(configuration)
        try await first.addUsers("alice", "bob")
        let (alice, token) = try await first.messagePackUser("alice")
        // Acknowledged only once stored.
        #expect(try await alice.call(.whisper(username: "alice", token: token, recipient: "bob", content: "while you were out")) == .ok)
        #expect(try await alice.call(.whisper(username: "alice", token: token, recipient: "bob", content: "and again")) == .ok)
        await first.stop()

        let second = try await TestServer.start(configuration)
        let (bob, _) = try await second.messagePackUser("bob")
        #expect(try await bob.update() == .whisper(sender: "alice", content: "while you were out"))
        #expect(try await bob.update() == .whisper(sender: "alice", content: "and again"))
        await second.stop()

        // Delivered once: a third start has nothing left for bob.
        let third = try await TestServer.start(configuration)
        let (again, bobToken) = try await third.messagePackUser("bob")
        #expect(try await again.call(.joinGroup(username: "bob", token: bobToken, groupName: "general")) == .ok)
        await third.stop()
    }

    @Test func roomMessagesWaitInOrderAndComeBeforeLiveOnes() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("alice", "bob")
        let (alice, token) = try await server.messagePackUser("alice")
        #expect(try await alice.call(.createGroup(username: "alice", token: token, groupName: "rust")) == .ok)
        let (bobOnMessagePack, bobToken) = try await server.messagePackUser("bob")
        #expect(try await bobOnMessagePack.call(.joinGroup(username: "bob", token: bobToken, groupName: "rust")) == .ok)
        #expect(try await bobOnMessagePack.call(.logout(username: "bob", token: bobToken)) == .ok)

        for number in 1...3 {
            #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "rust", content: "offline \(number)")) == .ok)
        }
        // Bob comes back on ChatMaster: the stored messages first, marked with their room and time.
        let bob = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "bob", password: "password1")
        for number in 1...3 {
            let json = try await bob.receiveJSON()
            #expect(json["data"]?["message"] == .string("offline \(number)"))
            #expect(json["data"]?["username"] == "alice")
            #expect(json["data"]?["channel"] == "rust")
            #expect(json["data"]?["sent_at"]?.int64Value != nil)
        }
        #expect(try await bob.receive() == .notification(.userJoined(username: "bob")))
        #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "general", content: "live")) == .ok)
        let live = try await bob.receiveJSON()
        #expect(live == ["type": "message", "data": ["message": "live", "username": "alice", "channel": "general"]])
        await server.stop()
    }

    @Test func membershipsOutliveARestart() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let directory = scratch.path
        let configuration = ServerConfiguration.chatTesting { $0.storage = .directory(directory) }
        let first = try await TestServer.start(configuration)
        try await first.addUsers("alice", "bob")
        let (alice, token) = try await first.messagePackUser("alice")
        #expect(try await alice.call(.createGroup(username: "alice", token: token, groupName: "rust")) == .ok)
        await first.stop()

        let second = try await TestServer.start(configuration)
        let (bob, bobToken) = try await second.messagePackUser("bob")
        #expect(try await bob.call(.joinGroup(username: "bob", token: bobToken, groupName: "rust")) == .ok)
        #expect(try await bob.call(.msgGroup(username: "bob", token: bobToken, groupName: "rust", content: "alice is a member still")) == .ok)
        let (aliceAgain, _) = try await second.messagePackUser("alice")
        #expect(try await aliceAgain.update() == .msgGroup(groupName: "rust", sender: "bob", content: "alice is a member still"))
        await second.stop()
    }
}
