import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

/// A Bester connection takes part in chat from its first `chat` request
/// until it logs out or closes, and never after.
@Suite struct BesterChatSessionTests {
    /// Answers once released, passing the request on to `chat`.
    struct HeldThenChat: AsyncMessageHandler {
        let release: AsyncStream<Void>

        func handle(_ message: HandlerMessage) async throws -> HandlerReply {
            for await _ in release { break }
            return HandlerReply(command: .sendHandler(ChatHandlerEndpoint.type), data: ["action": "rooms"])
        }
    }

    @Test func aChatRequestThatOutlivesItsSendersLoginDoesNotBringTheSenderBack() async throws {
        let (release, releasing) = AsyncStream<Void>.makeStream()
        let server = try await TestServer.start(.chatTesting()) { $0.register(HeldThenChat(release: release), forType: "held") }
        try await server.addUsers("alice", "bob")
        let alice = try await server.login("alice")
        alice.send(request("held", .null, id: "held"))
        // Requests on a connection are taken in order: the held one is under way when the logout is answered.
        alice.send(request("builtin", BuiltinCommand.logout.data, id: "out"))
        #expect(try await alice.receive()["payload"]?["id"] == "out")
        releasing.yield()
        let late = try await alice.receive()
        #expect(late["payload"]?["id"] == "held")
        #expect(late.status == "bad")
        #expect(late.errorMessage == "not logged in; log in first")

        // Alice is offline in chat: a whisper to her is stored for later.
        let bob = try await server.besterChatUser("bob")
        #expect(try await bob.ask("chat", ["action": "whisper", "to": "alice", "text": "psst"], id: "w").payloadData == ["stored": true])
        await server.stop()
    }
}
