import BesterClient
import Testing

@Suite struct ChatMasterClientTests {
    private let options = ChatClientOptions(connectTimeout: .seconds(5), requestTimeout: .seconds(5), eventLoopGroup: clientGroup)

    @Test(arguments: [false, true])
    func chatsWithOrWithoutCompression(_ compression: Bool) async throws {
        let server = try await FakeChatMasterServer.start()
        let client = try await ChatMasterClient.connect(to: server.endpoint, compression: compression, options: options)
        #expect(client.isCompressed == compression)
        let events = EventLog(client.events)
        #expect(try await events.next() == .package(.request(.login)))
        #expect(try await client.login(username: "alice", password: "correct horse") == ["general"])
        #expect(client.username == "alice")
        #expect(try await client.listChannels() == ["general", "rust"])
        try client.join("rust")
        #expect(try await events.next() == .package(.notification(.userJoined(username: "alice"))))
        guard case .unreadable(let reason)? = try await events.next() else {
            Issue.record("a package the client cannot read should be reported and skipped")
            return
        }
        #expect(reason.hasPrefix(#"data.event_type: unknown event "user_typing""#))
        try client.say("hello")
        #expect(try await events.next() == .package(.message(ChatMasterMessage(text: "hello", username: "echo"))))
        try client.rename(to: "alicia")
        #expect(try await events.next() == .package(.notification(.userRename(oldUsername: "alice", newUsername: "alicia"))))
        #expect(client.username == "alicia")
        try client.join("forbidden")
        #expect(try await events.next() == .package(.error(ChatMasterErrorReport(errorType: "join", message: "you may not join forbidden"))))
        if compression {
            // login, channels, join, message, rename, join: all compressed after the switch.
            #expect(server.compressedPackagesSeen == 6)
        }
        await client.close()
        #expect(try await events.next() == nil)
        server.stop()
    }

    @Test func aRefusedLoginIsThrownWithTheReason() async throws {
        let server = try await FakeChatMasterServer.start()
        let client = try await ChatMasterClient.connect(to: server.endpoint, options: options)
        await #expect(throws: ChatClientError.rejected("Username is already taken.")) {
            try await client.login(username: "taken")
        }
        #expect(client.username == nil)
        #expect(try await client.login(username: "second try") == ["general"])
        await client.close()
        server.stop()
    }

    @Test func aServerThatRefusesCompressionFailsTheConnect() async throws {
        let server = try await FakeChatMasterServer.start(refusingCompression: true)
        await #expect(throws: ChatClientError.rejected("compression is off here")) {
            try await ChatMasterClient.connect(to: server.endpoint, compression: true, options: options)
        }
        server.stop()
    }
}
