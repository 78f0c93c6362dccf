import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct ChatLimitsTests {
    @Test func floodControlRefusesTheMessageOverTheRate() async throws {
        // One message a second: the second of two sent back to back is refused.
        let server = try await TestServer.start(.chatTesting { $0.chat.messagesPerSecond = 1 })
        try await server.addUsers("alice")
        let (alice, token) = try await server.messagePackUser("alice")
        alice.sendRaw(MessagePackChatRequest.msgGroup(username: "alice", token: token, groupName: "general", content: "one").encoded()
                      + MessagePackChatRequest.msgGroup(username: "alice", token: token, groupName: "general", content: "two").encoded())
        #expect(try await alice.response() == .ok)
        #expect(try await alice.response() == .failure("flood control: at most 1 messages per second; slow down"))
        await server.stop()
    }

    @Test func sizeRoomAndMemberLimits() async throws {
        let server = try await TestServer.start(.chatTesting { configuration in
            configuration.chat.maxMessageBytes = 8
            configuration.chat.maxRoomsPerUser = 2
            configuration.chat.maxMembersPerRoom = 2
        })
        try await server.addUsers("alice", "bob", "carol")
        let (alice, token) = try await server.messagePackUser("alice")
        #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "general", content: "123456789"))
                == .failure("message is 9 bytes; the most allowed is 8"))
        #expect(try await alice.call(.createGroup(username: "alice", token: token, groupName: "rust")) == .ok)
        #expect(try await alice.call(.createGroup(username: "alice", token: token, groupName: "go"))
                == .failure("you are in 2 rooms, the most allowed; leave one first"))
        let (bob, bobToken) = try await server.messagePackUser("bob")
        #expect(try await bob.call(.joinGroup(username: "bob", token: bobToken, groupName: "rust")) == .ok)
        let carol = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "carol", password: "password1")
        // General is full too (alice and bob): carol is told, and is in no channel.
        #expect(try await carol.receive() == .error(ChatMasterErrorReport(errorType: "join", message: "room 'general' is full (2 members)")))
        carol.command(.join(channel: "rust"))
        #expect(try await carol.receive() == .error(ChatMasterErrorReport(errorType: "join", message: "room 'rust' is full (2 members)")))
        await server.stop()
    }
}
