import BesterTestSupport
import Testing

// The example of Docs/embedding.md, verbatim: the region between the
// markers is the Swift block that follows the same marker in the document.

// BEGIN EXAMPLE embedding
import BesterServer

/// Answers `greet` with a greeting for the name given, or for the sender.
struct Greeter: MessageHandler {
    func handle(_ message: HandlerMessage) throws -> HandlerReply {
        let name = message.data["name"]?.stringValue ?? message.sender
        return HandlerReply(command: .reply, data: ["greeting": .string("hello, \(name)")])
    }
}

/// Passes `{"to": [users], "text": ...}` on to those users, after work
/// that awaits (here, checking the text against a service).
struct Announcer: AsyncMessageHandler {
    let isAllowed: @Sendable (String) async -> Bool

    func handle(_ message: HandlerMessage) async throws -> HandlerReply {
        guard let text = message.data["text"]?.stringValue, await isAllowed(text) else {
            return HandlerReply(status: "1", command: .reply, data: ["error": "not allowed"])
        }
        let users = message.data["to"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return HandlerReply(command: .sendClients(users), data: ["text": .string(text)])
    }
}

/// Starts a server with these handlers beside the built-in ones, on a free
/// loopback port with accounts in memory, and creates one account.
func startEmbeddedServer() async throws -> BesterServer {
    var configuration = ServerConfiguration.ephemeral
    configuration.limits.handlerTimeout = .seconds(5)
    let server = try BesterServer(configuration: configuration, logger: Logger(level: .warning))
    server.register(Greeter(), forType: "greet")
    server.register(Announcer(isAllowed: { !$0.isEmpty }), forType: "announce")
    try await server.start()
    try await server.accounts.register(username: "alice", password: "correct horse")
    print(server.listeningAddresses)  // [127.0.0.1:40527], say
    return server
}
// END EXAMPLE embedding

@Suite struct EmbeddingDocsExampleTests {
    @Test func theEmbeddingExampleServesItsHandlers() async throws {
        let server = try await startEmbeddedServer()
        let alice = try await RawClient.connect(to: try #require(server.listeningAddresses.first))
        alice.send(BuiltinCommand.whoami.request(credentials: Credentials(username: "alice", password: "correct horse")).json(in: .v2_1))
        #expect(try await alice.receive()["payload"]?["data"]?["username"] == "alice")
        #expect(try await alice.ask("greet", ["name": "Bob"], id: "1").payloadData == ["greeting": "hello, Bob"])
        #expect(try await alice.ask("greet", [:], id: "2").payloadData == ["greeting": "hello, alice"])
        // Announced to alice herself: the delivery, then the answer saying whom it reached.
        alice.send(request("announce", ["to": ["alice", "nobody"], "text": "tea is ready"], id: "3"))
        let delivery = try await alice.receive()
        #expect(delivery["header"]?["messageType"] == "receivedMessage")
        #expect(delivery["header"]?["from"] == "alice")
        #expect(delivery["payload"]?["data"] == ["text": "tea is ready"])
        let answer = try await alice.receive()
        #expect(answer["payload"]?["data"] == ["delivered": ["alice"], "undelivered": ["nobody"]])
        let refused = try await alice.ask("announce", ["to": ["alice"], "text": ""], id: "4")
        #expect(refused.errorCode == "handlerFailed")
        #expect(try await alice.ask("echo", "still there", id: "5").payloadData == "still there")
        await server.shutdown()
    }

    @Test func theDocumentShowsTheCodeThatIsTested() throws {
        let mismatch = try DocumentedExample.mismatch(named: "embedding", testFile: #filePath, document: "embedding.md")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
