import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct ChatMasterEndToEndTests {
    /// Guests ann then bob in general, each having heard the arrivals.
    private static func annAndBob(on server: TestServer, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> (ChatMasterTestClient, ChatMasterTestClient) {
        let ann = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "ann")
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")), sourceLocation: sourceLocation)
        let bob = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "bob")
        #expect(try await bob.receive() == .notification(.userJoined(username: "bob")), sourceLocation: sourceLocation)
        #expect(try await ann.receive() == .notification(.userJoined(username: "bob")), sourceLocation: sourceLocation)
        return (ann, bob)
    }

    @Test func loginRequestThenSessionWithChannelsOrAReason() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("alice")
        let ann = try await ChatMasterTestClient.connect(to: try server.chatMaster)
        ann.command(.login(username: "ann", password: nil))
        #expect(try await ann.receive() == .session(.accepted(channels: ["general"])))
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")))

        let other = try await ChatMasterTestClient.connect(to: try server.chatMaster)
        other.command(.login(username: "ANN", password: nil))
        #expect(try await other.receive() == .session(.refused(reason: "Username is already taken: 'ann' is online.")))
        other.command(.login(username: "alice", password: nil))
        #expect(try await other.receive()
                == .session(.refused(reason: "Username is already taken: 'alice' is a registered account (log in with its password).")))
        other.command(.login(username: "alice", password: "wrong-password"))
        #expect(try await other.receive() == .session(.refused(reason: "wrong username or password")))
        other.command(.login(username: "-x", password: nil))
        #expect(try await other.receive() == .session(.refused(reason: "username: must start with an ASCII letter or digit, not '-'")))
        other.command(.login(username: "alice", password: "password1"))
        #expect(try await other.receive() == .session(.accepted(channels: ["general"])))
        #expect(try await other.receive() == .notification(.userJoined(username: "alice")))
        #expect(try await ann.receive() == .notification(.userJoined(username: "alice")))
        other.command(.login(username: "alice", password: "password1"))
        #expect(try await other.receive() == .error(ChatMasterErrorReport(errorType: "login", message: "already logged in as 'alice'")))
        await server.stop()
    }

    @Test func messagesReachTheChannelButNotTheSender() async throws {
        let server = try await TestServer.start(.chatTesting())
        let (ann, bob) = try await Self.annAndBob(on: server)

        // Whatever username a client claims is replaced by its own.
        ann.send(.message(ChatMasterMessage(text: "hello", username: "bob")))
        let (package, json) = try #require(try await bob.receiveWithJSON())
        #expect(package == chatMasterMessage("hello", from: "ann"))
        #expect(json["data"]?["channel"] == "general")
        // Ann's next package answers her next command: she got no copy of her message.
        ann.command(.listChannels)
        #expect(try await ann.receive() == .notification(.channelList(channels: ["general"])))
        await server.stop()
    }

    @Test func joinLeaveRenamePrivatePublicAndChannels() async throws {
        let server = try await TestServer.start(.chatTesting())
        let (ann, bob) = try await Self.annAndBob(on: server)

        ann.command(.join(channel: "Channel 1"))
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")))
        bob.command(.join(channel: "channel 1"))
        #expect(try await bob.receive() == .notification(.userJoined(username: "bob")))
        #expect(try await ann.receive() == .notification(.userJoined(username: "bob")))
        bob.command(.listChannels)
        #expect(try await bob.receive() == .notification(.channelList(channels: ["Channel 1", "general"])))

        ann.command(.makePrivate)
        #expect(try await ann.receive() == .notification(.channelList(channels: ["general"])))
        bob.command(.listChannels)
        #expect(try await bob.receive() == .notification(.channelList(channels: ["general"])))
        ann.command(.makePublic)
        #expect(try await ann.receive() == .notification(.channelList(channels: ["Channel 1", "general"])))

        bob.command(.rename(username: "robert"))
        #expect(try await bob.receive() == .notification(.userRename(oldUsername: "bob", newUsername: "robert")))
        #expect(try await ann.receive() == .notification(.userRename(oldUsername: "bob", newUsername: "robert")))
        bob.command(.rename(username: "ann"))
        #expect(try await bob.receive() == .error(ChatMasterErrorReport(errorType: "rename", message: "Username is already taken: 'ann' is online.")))

        ann.command(.leave)
        #expect(try await ann.receive() == .notification(.userLeft(username: "ann")))
        #expect(try await bob.receive() == .notification(.userLeft(username: "ann")))
        ann.say("anyone?")
        #expect(try await ann.receive() == .error(ChatMasterErrorReport(errorType: "message", message: "you are in no channel; join one first")))
        ann.command(.leave)
        #expect(try await ann.receive() == .error(ChatMasterErrorReport(errorType: "leave", message: "you are in no channel; join one first")))
        // Back to general, where she is a member still: only she is told she switched.
        ann.command(.join(channel: "general"))
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")))
        ann.command(.makePrivate)
        #expect(try await ann.receive() == .error(ChatMasterErrorReport(errorType: "private",
                                                                        message: "Channel cannot be set to private: 'general' stays public.")))
        // Bob, a member of general still, hears only his current channel.
        ann.say("in general")
        // A round trip on ann's connection: her line is handled before bob moves.
        ann.command(.listChannels)
        #expect(try await ann.receive() == .notification(.channelList(channels: ["Channel 1", "general"])))
        bob.command(.listChannels)
        #expect(try await bob.receive() == .notification(.channelList(channels: ["Channel 1", "general"])))
        bob.command(.join(channel: "general"))
        #expect(try await bob.receive() == .notification(.userJoined(username: "robert")))
        ann.say("now you hear me")
        #expect(try await bob.receive() == chatMasterMessage("now you hear me", from: "ann"))
        await server.stop()
    }

    @Test func commandsBeforeLoginAndBrokenPackagesGetErrors() async throws {
        let server = try await TestServer.start(.chatTesting())
        let client = try await ChatMasterTestClient.connect(to: try server.chatMaster)
        client.say("hi")
        #expect(try await client.receive()
                == .error(ChatMasterErrorReport(errorType: "message", message: "log in first: answer the login request with the login command")))
        client.command(.join(channel: "rust"))
        #expect(try await client.receive()
                == .error(ChatMasterErrorReport(errorType: "join", message: "log in first: answer the login request with the login command")))
        client.sendLine(Array("hello\n".utf8))
        let offset = ChatMasterPackage.message(ChatMasterMessage(text: "hi")).encodedLine().count
            + ChatMasterPackage.command(.join(channel: "rust")).encodedLine().count
        #expect(try await client.receive()
                == .error(ChatMasterErrorReport(errorType: "package", message: "byte \(offset): expected '{' to start a package, found 'h'")))
        client.sendLine(Array(#"{"type":"command","data":{"command":"dance"}}"#.utf8) + [10])
        #expect(try await client.receive() == .error(ChatMasterErrorReport(
            errorType: "command",
            message: "data.command: unknown command \"dance\"; expected one of login, rename, join, leave, private, public, channels, compression")))
        client.sendLine(Array(#"{"type":"session","data":{"status":1,"channels":[]}}"#.utf8) + [10])
        #expect(try await client.receive() == .error(ChatMasterErrorReport(
            errorType: "package", message: "type: \"session\" is sent by servers only; clients send message or command")))
        await server.stop()
    }

    @Test func zlibCompressionWorksBothWays() async throws {
        let server = try await TestServer.start(.chatTesting())
        let plain = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "plain")
        #expect(try await plain.receive() == .notification(.userJoined(username: "plain")))
        let packed = try await ChatMasterTestClient.connect(to: try server.chatMaster)
        try await packed.startCompression()
        packed.command(.login(username: "packed", password: nil))
        #expect(try await packed.receive() == .session(.accepted(channels: ["general"])))
        #expect(try await packed.receive() == .notification(.userJoined(username: "packed")))
        #expect(try await plain.receive() == .notification(.userJoined(username: "packed")))
        for round in 1...3 {
            packed.say("compressed \(round)")
            #expect(try await plain.receive() == chatMasterMessage("compressed \(round)", from: "packed"))
            plain.say("plain \(round)")
            #expect(try await packed.receive() == chatMasterMessage("plain \(round)", from: "plain"))
        }
        packed.command(.compression(algorithm: "zlib"))
        #expect(try await packed.receive() == .error(ChatMasterErrorReport(errorType: "compression", message: "compression is on already")))
        await server.stop()
    }

    @Test func aConnectionThatDoesNotLogInIsToldAndClosed() async throws {
        let server = try await TestServer.start(.chatTesting { $0.chatMaster?.loginTimeout = .milliseconds(200) })
        let client = try await ChatMasterTestClient.connect(to: try server.chatMaster)
        let last = try await client.receive()
        guard case .error(let report) = last else {
            Issue.record("expected an error, got \(last)")
            return
        }
        #expect(report.errorType == "timeout")
        #expect(try await client.receiveOrEnd() == nil)
        await server.stop()
    }

    @Test func shutdownIsAnnounced() async throws {
        let server = try await TestServer.start(.chatTesting())
        let ann = try await ChatMasterTestClient.logIn(to: try server.chatMaster, as: "ann")
        #expect(try await ann.receive() == .notification(.userJoined(username: "ann")))
        await server.stop()
        #expect(try await ann.receive() == .error(ChatMasterErrorReport(errorType: "shutdown", message: "the server is shutting down")))
        #expect(try await ann.receiveOrEnd() == nil)
    }
}
