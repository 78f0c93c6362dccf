import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct RoutingEndToEndTests {
    @Test func sendClientsReachesEverySessionOfAUserInTheirOwnDialect() async throws {
        let server = try await TestServer.start { $0.register(RelayHandler(), forType: "relay") }
        try await server.addUsers("alice", "bob")
        let bobOnV2 = try await server.login("bob", dialect: .v2)
        let bobOnV3 = try await server.login("bob", dialect: .v3)
        let alice = try await server.login("alice")
        alice.send(request("relay", ["to": ["bob", "carol", "bob"], "body": ["text": "hi bob"]], id: "r"))
        let report = try await alice.receive()
        #expect(report["payload"]?["data"] == ["delivered": ["bob"], "undelivered": ["carol"]])
        #expect(report["payload"]?["id"] == "r")
        let first = try await bobOnV2.receive()
        #expect(first.messageType == "receivedMessage")
        #expect(first["header"]?["from"] == "alice")
        #expect(first["payload"]?["type"] == "relay")
        #expect(first["payload"]?["data"] == ["text": "hi bob"])
        let second = try await bobOnV3.receive()
        #expect(second.messageType == "receivedMessage")
        #expect(second["data"] == ["text": "hi bob"])
        #expect(second["header"]?["type"] == "relay")
        await server.stop()
    }

    @Test func sendHandlerChainsAndItsLoopEndsWithAnError() async throws {
        let server = try await TestServer.start(.testing { $0.limits.maxHandlerHops = 4 }) { server in
            server.register(ForwardHandler(name: "a", next: "b"), forType: "a")
            server.register(ForwardHandler(name: "b", next: "echo"), forType: "b")
            server.register(ForwardHandler(name: "ping", next: "pong"), forType: "ping")
            server.register(ForwardHandler(name: "pong", next: "ping"), forType: "pong")
            server.register(ForwardHandler(name: "lost", next: "nowhere"), forType: "lost")
        }
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(request("a", ["path": []], id: "chain"))
        let chained = try await client.receive()
        #expect(chained.status == "good")
        #expect(chained["payload"]?["data"]?["path"] == ["a", "b"])
        client.send(request("ping", ["path": []], id: "loop"))
        let looped = try await client.receive()
        #expect(looped.errorCode == "loopLimit")
        #expect(looped["payload"]?["id"] == "loop")
        // The client's type was fine: the error names the handler that forwarded, not payload.type.
        client.send(request("lost", 1, id: "lost"))
        let lost = try await client.receive()
        #expect(lost.errorCode == "unknownType")
        #expect(lost.errorMessage == "handler 'lost' passed the message to type 'nowhere' with sendHandler, and no handler serves that type")
        #expect(lost["header"]?["error"]?["path"] == nil)
        #expect(lost["payload"]?["type"] == "lost")
        await server.stop()
    }

    @Test func sendServersWithoutPeersIsAnUnknownPeerFailure() async throws {
        struct Federate: MessageHandler {
            func handle(_ message: HandlerMessage) throws -> HandlerReply {
                HandlerReply(command: .sendServers(["elsewhere"]), data: message.data)
            }
        }
        let server = try await TestServer.start { $0.register(Federate(), forType: "federate") }
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(request("federate", 1, id: "f"))
        let reply = try await client.receive()
        #expect(reply.errorCode == "unknownPeer")
        #expect(reply["header"]?["error"]?["message"]?.stringValue?.contains("elsewhere") == true)
        await server.stop()
    }

    @Test func handlerFailuresAndThrowsAreReportedToTheSender() async throws {
        struct Refuse: MessageHandler {
            func handle(_ message: HandlerMessage) throws -> HandlerReply {
                HandlerReply(status: "1", command: .reply, data: ["why": "no"])
            }
        }
        struct Crash: MessageHandler {
            struct Broken: Error, CustomStringConvertible { var description: String { "broken on purpose" } }
            func handle(_ message: HandlerMessage) throws -> HandlerReply { throw Broken() }
        }
        struct Slow: AsyncMessageHandler {
            func handle(_ message: HandlerMessage) async throws -> HandlerReply {
                try await Task.sleep(for: .seconds(30))
                return HandlerReply(command: .reply, data: .null)
            }
        }
        let server = try await TestServer.start(.testing { $0.limits.handlerTimeout = .milliseconds(100) }) { server in
            server.register(Refuse(), forType: "refuse")
            server.register(Crash(), forType: "crash")
            server.register(Slow(), forType: "slow")
        }
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        client.send(request("refuse", 1, id: "1"))
        let refused = try await client.receive()
        #expect(refused.errorCode == "handlerFailed")
        #expect(refused["payload"]?["data"] == ["why": "no"])
        client.send(request("crash", 1, id: "2"))
        let crashed = try await client.receive()
        #expect(crashed.errorCode == "handlerFailed")
        #expect(crashed["header"]?["error"]?["message"]?.stringValue?.contains("broken on purpose") == true)
        client.send(request("slow", 1, id: "3"))
        #expect(try await client.receive().errorCode == "handlerTimeout")
        client.send(request("echo", "alive", id: "4"))
        #expect(try await client.receive()["payload"]?["data"] == "alive")
        await server.stop()
    }
}
