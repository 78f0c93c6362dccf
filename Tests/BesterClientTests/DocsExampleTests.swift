import BesterServer
import Foundation
import Testing

// The examples of Docs/client.md, verbatim: each region between the
// markers is the Swift block that follows the same marker in the document.

// BEGIN EXAMPLE bester
import BesterClient

/// Logs in as alice, asks the echo handler twice at once, shows what a
/// failure looks like, then collects what other users send her until
/// someone says "bye".
func chatWithTheServer(at endpoint: Endpoint, password: String) async throws -> [String] {
    let client = try await BesterClient.connect(
        to: endpoint,
        as: Credentials(username: "alice", password: password),
        options: BesterClient.Options(dialect: .v3, requestTimeout: .seconds(5))
    )

    // Requests share the connection; each response finds its own request.
    async let first = client.request("echo", data: ["text": "hello"])
    async let second = client.request("echo", data: [1, 2, 3])
    let (hello, numbers) = try await (first, second)
    print(hello.data, numbers.data)  // {"text":"hello"} [1,2,3]

    // A failure is thrown, saying what was wrong.
    do {
        _ = try await client.request("weather", data: ["city": "Oslo"])
    } catch {
        print(error)  // no handler for type 'weather' (unknownType)
    }

    // What handlers route to alice arrives on `deliveries`.
    var received: [String] = []
    for await delivery in client.deliveries {
        let text = delivery.data["text"]?.stringValue ?? ""
        received.append("\(delivery.from): \(text)")
        if text == "bye" { break }
    }
    await client.close()
    return received
}
// END EXAMPLE bester

@Suite struct DocsExampleTests {
    @Test func theBesterExampleRuns() async throws {
        let server = try await TestServer.start { $0.register(RelayHandler(), forType: "relay") }
        try await server.addUsers("alice", "bob")
        let endpoint = server.endpoint
        let example = Task { try await chatWithTheServer(at: endpoint, password: "password1") }
        let bob = try await server.connect("bob")
        // Say hi until alice is online to hear it, then goodbye.
        try await withTimeout(10, "alice to come online") {
            var delivered: JSONValue = []
            while delivered != ["alice"] {
                delivered = try await bob.request("relay", data: ["to": ["alice"], "body": ["text": "hi"]]).data["delivered"] ?? []
            }
        }
        _ = try await bob.request("relay", data: ["to": ["alice"], "body": ["text": "bye"]])
        let received = try await withTimeout(10, "the example to finish") { try await example.value }
        #expect(received == ["bob: hi", "bob: bye"])
        await bob.close()
        await server.stop()
    }

    @Test func theDocumentShowsTheCodeThatIsTested() throws {
        let mismatch = try DocumentedExample.mismatch(named: "bester", testFile: #filePath, document: "client.md")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
