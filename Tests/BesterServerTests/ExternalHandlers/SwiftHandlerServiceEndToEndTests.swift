import BesterClient
import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

/// Handlers written with BesterClient's `HandlerService`, run by someone
/// else than the server (here: the test), which only connects to them.
@Suite struct SwiftHandlerServiceEndToEndTests {
    private static func serving(_ mode: HandlerConnectionMode, envelope: Bool = false, in directory: ScratchDirectory,
                                _ handle: @escaping HandlerService.Handle) async throws -> (HandlerService, TestServer) {
        let path = directory.file("swift.sock")
        let service = try HandlerService(socketPath: path, receivesEnvelopes: envelope)
        try await service.start(handle)
        var handler = ExternalHandlerConfiguration(type: "swift", socketPath: path)
        handler.mode = mode
        handler.envelope = envelope
        handler.connections = 2
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        return (service, server)
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func repliesComeBackInOrderEvenWhenHandlingFinishesOutOfOrder(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let finished = (0..<10).map { _ in AsyncStream<Void>.makeStream() }
        let (service, server) = try await Self.serving(mode, in: directory) { request in
            // Each request waits for the one after it: handling finishes in reverse order.
            let number = request.data["n"]?.intValue ?? 0
            if number < 9 { for await _ in finished[number + 1].stream { break } }
            finished[number].continuation.yield()
            return HandlerReply(command: .reply, data: ["n": .integer(Int64(number))])
        }
        let client = try await server.login("alice")
        for number in 0..<10 { client.send(request("swift", ["n": .integer(Int64(number))], id: "\(number)")) }
        var seen: Set<String> = []
        for _ in 0..<10 {
            let response = try await client.receive()
            let id = try #require(response["payload"]?["id"]?.stringValue)
            #expect(response.payloadData == ["n": .integer(Int64(id) ?? -1)])
            seen.insert(id)
        }
        #expect(seen.count == 10)
        await server.stop()
        service.stop()
    }

    @Test func aServiceReadsEnvelopesAndThrownErrorsBecomeFailures() async throws {
        struct Refused: Error, CustomStringConvertible {
            var description: String { "refused on purpose" }
        }
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let (service, server) = try await Self.serving(.persistent, envelope: true, in: directory) { request in
            guard request.data != "refuse" else { throw Refused() }
            return HandlerReply(command: .reply, data: ["from": .string(request.sender ?? "?"), "id": .string(request.envelope?.id ?? "")])
        }
        let client = try await server.login("alice")
        #expect(try await client.ask("swift", "hi", id: "x1").payloadData == ["from": "alice", "id": "x1"])
        let refused = try await client.ask("swift", "refuse", id: "x2")
        #expect(refused.errorCode == "handlerFailed")
        #expect(refused.payloadData == ["error": "refused on purpose"])
        await server.stop()
        service.stop()
    }

    @Test func aPersistentHandlerThatGoesAwayFailsPendingRequestsAndIsReconnected() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("swift.sock")
        let blocked = AsyncStream<Void>.makeStream()
        let first = try HandlerService(socketPath: path)
        try await first.start { _ in
            blocked.continuation.yield()
            try await Task.sleep(for: .seconds(60))
            return HandlerReply(command: .reply, data: .null)
        }
        var handler = ExternalHandlerConfiguration(type: "swift", socketPath: path)
        handler.mode = .persistent
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(request("swift", 1, id: "pending"))
        try await withTimeout(10, "the request to reach the handler") { for await _ in blocked.stream { break } }
        first.stop()
        let failed = try await client.receive()
        #expect(failed.errorCode == "handlerFailed")
        #expect(failed["payload"]?["id"] == "pending")
        let second = try HandlerService(socketPath: path)
        try await second.start { request in HandlerReply(command: .reply, data: request.data) }
        #expect(try await client.ask("swift", "back", id: "again").payloadData == "back")
        await server.stop()
        second.stop()
    }
}
