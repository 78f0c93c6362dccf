import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct HandlerStatusEndToEndTests {
    @Test func theHandlersCommandListsEveryTypeForLoggedInUsersOnly() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration(type: "elsewhere", socketPath: directory.file("elsewhere.sock"))
        handler.mode = .persistent
        handler.connections = 3
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let report = try await client.ask("builtin", BuiltinCommand.handlers.data, id: "h")
        #expect(report.payloadData == ["handlers": [
            ["type": "chat", "kind": "in-process"],
            ["type": "dummy", "kind": "in-process"],
            ["type": "echo", "kind": "in-process"],
            ["type": "elsewhere", "kind": "external", "mode": "persistent", "envelope": false, "connectionsPerLoop": 3,
             "process": "started elsewhere",
             "counters": ["requests": 0, "replies": 0, "failed": 0, "timeouts": 0, "unavailable": 0, "inFlight": 0]],
        ]])
        _ = try await client.ask("builtin", BuiltinCommand.logout.data, id: "out")
        #expect(try await client.ask("builtin", BuiltinCommand.handlers.data, id: "h2").errorCode == "notAuthenticated")
        await server.stop()
    }
}
