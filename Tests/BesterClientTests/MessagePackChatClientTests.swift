import BesterClient
import Testing

@Suite struct MessagePackChatClientTests {
    private let options = ChatClientOptions(connectTimeout: .seconds(5), requestTimeout: .seconds(5), eventLoopGroup: clientGroup)

    @Test func registersLogsInAndWhispers() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let alice = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        let bob = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        await #expect(throws: ChatClientError.notLoggedIn) { try await alice.whisper(to: "bob", content: "too soon") }
        try await alice.register(username: "alice", password: "pw-a")
        try await bob.register(username: "bob", password: "pw-b")
        #expect(try await alice.login(username: "alice", password: "pw-a") == "token-alice")
        #expect(alice.username == "alice")
        #expect(alice.token == "token-alice")
        try await bob.login(username: "bob", password: "pw-b")
        try await alice.addContact("bob")
        try await alice.whisper(to: "bob", content: "hi bob")
        let update = try await withTimeout(5, "the whisper") { () -> MessagePackChatUpdate? in
            var updates = bob.updates.makeAsyncIterator()
            return await updates.next()
        }
        #expect(update == .whisper(sender: "alice", content: "hi bob"))
        try await alice.logout()
        #expect(alice.username == nil)
        await alice.close()
        await bob.close()
        server.stop()
    }

    @Test func groupMessagesReachTheOtherMembers() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let alice = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        let bob = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        let bobsEvents = EventLog(bob.events)
        for (client, name) in [(alice, "alice"), (bob, "bob")] {
            try await client.register(username: name, password: "pw")
            try await client.login(username: name, password: "pw")
        }
        try await alice.createGroup("rust")
        try await alice.joinGroup("rust")
        try await bob.joinGroup("rust")
        try await alice.messageGroup("rust", content: "hello all")
        #expect(try await bobsEvents.next() == .update(.msgGroup(groupName: "rust", sender: "alice", content: "hello all")))
        await alice.close()
        await bob.close()
        server.stop()
    }

    @Test func aFailureIsThrownWithTheServersReason() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let client = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        try await client.register(username: "alice", password: "pw")
        await #expect(throws: ChatClientError.rejected("username 'alice' is taken")) {
            try await client.register(username: "alice", password: "again")
        }
        await #expect(throws: ChatClientError.rejected("wrong username or password")) {
            try await client.login(username: "alice", password: "nope")
        }
        #expect(try await client.send(.register(username: "bob", password: "pw")) == .ok)
        await client.close()
        server.stop()
    }

    @Test func concurrentCallsAreMatchedToTheirResponsesInOrder() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let client = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        try await client.register(username: "alice", password: "pw")
        try await client.login(username: "alice", password: "pw")
        let outcomes = try await withThrowingTaskGroup(of: (String, ChatClientError?).self) { group in
            for index in 0..<200 {
                let name = index.isMultiple(of: 3) ? "fail-\(index)" : "group-\(index)"
                group.addTask {
                    do throws(ChatClientError) {
                        try await client.createGroup(name)
                        return (name, nil)
                    } catch {
                        return (name, error)
                    }
                }
            }
            var outcomes: [String: ChatClientError?] = [:]
            for try await (name, error) in group { outcomes[name] = error }
            return outcomes
        }
        #expect(outcomes.count == 200)
        for (name, error) in outcomes {
            #expect(error == (name.hasPrefix("fail-") ? .rejected(name) : nil))
        }
        await client.close()
        server.stop()
    }

    @Test func aLateResponseIsMatchedToItsTimedOutCallAndDropped() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let client = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        try await client.register(username: "alice", password: "pw")
        try await client.login(username: "alice", password: "pw")
        await #expect(throws: ChatClientError.timedOut(after: .milliseconds(50))) {
            try await client.joinGroup("hold", timeout: .milliseconds(50))
        }
        // The held answer ("late", a failure) comes first now; it belongs to the call that timed out.
        try await client.createGroup("after")
        await client.close()
        server.stop()
    }

    @Test func losingTheConnectionFailsWaitingCallsAndEndsTheEvents() async throws {
        let server = try await FakeMessagePackChatServer.start()
        let client = try await MessagePackChatClient.connect(to: server.endpoint, options: options)
        let events = EventLog(client.events)
        try await client.register(username: "alice", password: "pw")
        try await client.login(username: "alice", password: "pw")
        let waiting = Task { () throws(ChatClientError) -> String in
            try await client.joinGroup("hold", timeout: .seconds(30))
            return "answered"
        }
        try await server.waitForHeldRequest()
        server.dropEveryone()
        await #expect(throws: ChatClientError.connectionLost(.closedByPeer)) { try await waiting.value }
        #expect(try await events.next() == .disconnected(.connectionLost(.closedByPeer)))
        #expect(try await events.next() == nil)
        #expect(!client.isConnected)
        await #expect(throws: ChatClientError.closed) { try await client.createGroup("x") }
        server.stop()
    }
}
