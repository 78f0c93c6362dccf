import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct MessagePackChatEndToEndTests {
    @Test func theWholeFlowOf003() async throws {
        let server = try await TestServer.start(.chatTesting())
        let alice = try await MessagePackTestClient.connect(to: try server.messagePackChat)
        let bob = try await MessagePackTestClient.connect(to: try server.messagePackChat)
        #expect(try await alice.call(.register(username: "alice", password: "password1")) == .ok)
        #expect(try await bob.call(.register(username: "bob", password: "password1")) == .ok)

        let login = try await alice.call(.login(username: "alice", password: "password1")).loginResult()
        #expect(login.username == "alice")
        #expect(login.token.count == 36 && login.token == login.token.lowercased() && login.token.split(separator: "-").count == 5)
        let token = login.token
        let bobToken = try await bob.logIn("bob")
        #expect(bobToken != token)

        #expect(try await alice.call(.addContact(username: "alice", token: token, contact: "bob")) == .ok)
        #expect(try await alice.call(.addContact(username: "alice", token: token, contact: "nobody")) == .failure("no such user: 'nobody'"))

        #expect(try await alice.call(.whisper(username: "alice", token: token, recipient: "bob", content: "hi bob")) == .ok)
        #expect(try await bob.update() == .whisper(sender: "alice", content: "hi bob"))

        #expect(try await alice.call(.createGroup(username: "alice", token: token, groupName: "rust")) == .ok)
        #expect(try await bob.call(.joinGroup(username: "bob", token: bobToken, groupName: "rust")) == .ok)
        #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "rust", content: "hello all")) == .ok)
        #expect(try await bob.update() == .msgGroup(groupName: "rust", sender: "alice", content: "hello all"))
        // The sender gets its response and no echo: its next message answers its next request.
        #expect(try await bob.call(.msgGroup(username: "bob", token: bobToken, groupName: "rust", content: "hi alice")) == .ok)
        #expect(try await alice.update() == .msgGroup(groupName: "rust", sender: "bob", content: "hi alice"))

        #expect(try await alice.call(.whisper(username: "alice", token: "not-the-token", recipient: "bob", content: "x"))
                == .failure("invalid token: send the token the login response gave"))
        #expect(try await alice.call(.logout(username: "alice", token: token)) == .ok)
        #expect(try await alice.call(.whisper(username: "alice", token: token, recipient: "bob", content: "after logout"))
                == .failure("not logged in; log in first"))
        let second = try await alice.logIn("alice")
        #expect(second != token)
        #expect(try await alice.call(.msgGroup(username: "alice", token: token, groupName: "rust", content: "old token"))
                == .failure("invalid token: send the token the login response gave"))
        await server.stop()
    }

    @Test func everyRequestIsAnsweredInOrderEvenWhenALoginWaits() async throws {
        let server = try await TestServer.start(.chatTesting())
        let client = try await MessagePackTestClient.connect(to: try server.messagePackChat)
        // Three requests in one write: the password checks take a while, the order holds.
        client.sendRaw(MessagePackChatRequest.register(username: "carol", password: "password1").encoded()
                       + MessagePackChatRequest.login(username: "carol", password: "password1").encoded()
                       + MessagePackChatRequest.logout(username: "carol", token: nil).encoded())
        #expect(try await client.response() == .ok)
        #expect(try await client.response().isSuccess)
        #expect(try await client.response() == .ok)
        await server.stop()
    }

    @Test func badRequestsAreAnsweredAndTheConnectionGoesOn() async throws {
        let server = try await TestServer.start(.chatTesting())
        try await server.addUsers("alice")
        let client = try await MessagePackTestClient.connect(to: try server.messagePackChat)
        client.sendRaw(MessagePackWriter.encode(.string("whisper")))
        #expect(try await client.response() == .failure("request: must be an array [action, arguments...], got string"))
        client.sendRaw(MessagePackWriter.encode(["shout", "alice"]))
        #expect(try await client.response().failureReason?.hasPrefix("request[0] action: unknown action \"shout\"") == true)
        client.sendRaw(MessagePackWriter.encode(["whisper", "alice", "t", 42, "hi"]))
        #expect(try await client.response() == .failure("whisper[3] recipient: must be a string"))
        #expect(try await client.call(.whisper(username: "alice", token: "t", recipient: "bob", content: "hi"))
                == .failure("not logged in; log in first"))
        #expect(try await client.call(.login(username: "alice", password: "wrong-password")) == .failure("wrong username or password"))
        let token = try await client.logIn("alice")
        #expect(try await client.call(.joinGroup(username: "mallory", token: token, groupName: "general"))
                == .failure("username 'mallory' does not match this session, logged in as 'alice'"))
        #expect(try await client.call(.joinGroup(username: "alice", token: token, groupName: "nowhere")) == .failure("no such room: 'nowhere'"))
        #expect(try await client.call(.createGroup(username: "alice", token: token, groupName: "General"))
                == .failure("room 'general' exists already; join it instead"))
        #expect(try await client.call(.whisper(username: "alice", token: token, recipient: "nobody", content: "hi"))
                == .failure("no such user: 'nobody'"))
        // A byte MessagePack never uses breaks the stream: a last failure, then the connection closes.
        client.sendRaw([0xC1])
        #expect(try await client.response().failureReason?.contains("0xc1") == true)
        #expect(try await client.receiveOrEnd() == nil)
        await server.stop()
    }
}

extension MessagePackChatResponse {
    var failureReason: String? {
        if case .failure(let reason) = self { return reason }
        return nil
    }
}
