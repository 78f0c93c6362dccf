import BesterIO
import BesterProtocol
import Foundation
import Testing
@testable import BesterServer

/// Python handlers started and supervised by the server, in real processes.
@Suite struct PythonHandlerEndToEndTests {
    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aPythonHandlerAnswersInEachMode(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = try directory.script("handler.py", testHandlerScript)
        let server = try await TestServer.start(.testing(handler: .supervised("py", program: program, in: directory, mode: mode)))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        for index in 0..<20 {
            client.send(request("py", ["n": .integer(Int64(index))], id: "\(index)"))
        }
        var answered: [String: JSONValue] = [:]
        for _ in 0..<20 {
            let response = try await client.receive()
            #expect(response.status == "good")
            answered[response["payload"]?["id"]?.stringValue ?? ""] = response.payloadData
        }
        for index in 0..<20 {
            #expect(answered["\(index)"] == ["n": .integer(Int64(index))])
        }
        await server.stop()
    }

    @Test func envelopeModeTellsTheHandlerWhoSpoke() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration.supervised("py", program: try directory.script("handler.py", testHandlerScript),
                                                              in: directory, mode: .persistent)
        handler.envelope = true
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice", dialect: .v3)
        client.send(ClientRequest(type: "py", data: ["text": "hi"], id: "e1").json(in: .v3))
        let response = try await client.receive()
        #expect(response["data"] == ["sender": "alice", "id": "e1", "type": "py", "data": ["text": "hi"], "dialect": "v3"])
        await server.stop()
    }

    @Test func argumentsWorkingDirectoryAndEnvironmentReachTheProgram() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration.supervised("py", program: try directory.script("handler.py", testHandlerScript),
                                                              in: directory)
        handler.arguments = ["--flag", "two words"]
        handler.workingDirectory = directory.path
        handler.environment = ["GREETING": "hello"]
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let response = try await client.ask("py", ["do": "setup"], id: "s")
        #expect(response.payloadData == ["arguments": ["--flag", "two words"], "directory": .string(directory.path), "greeting": "hello"])
        await server.stop()
    }

    @Test func aReferenceDaemonStyleHandlerWorksUnchanged() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = examplesDirectory + "/reference_style_handler.py"
        let server = try await TestServer.start(.testing(handler: .supervised("shout", program: program, in: directory)))
        try await server.addUsers("alice", "bob")
        let alice = try await server.login("alice")
        let bob = try await server.login("bob")
        for round in 0..<3 {
            let response = try await alice.ask("shout", ["text": .string("round \(round)")], id: "\(round)")
            #expect(response.payloadData == ["upper": .string("ROUND \(round)")])
        }
        let sent = try await alice.ask("shout", ["to": ["bob"], "text": "psst"], id: "to-bob")
        #expect(sent.payloadData == ["delivered": ["bob"], "undelivered": []])
        let delivery = try await bob.receive()
        #expect(delivery.messageType == "receivedMessage")
        #expect(delivery["payload"]?["data"] == ["text": "psst"])
        await server.stop()
    }

    @Test func sendClientsReachesBothSessionsOfAUser() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration.supervised("broadcast", program: examplesDirectory + "/broadcast_handler.py",
                                                              in: directory, mode: .persistent)
        handler.envelope = true
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice", "bob")
        let bobHere = try await server.login("bob", dialect: .v2_1)
        let bobThere = try await server.login("bob", dialect: .v3)
        let alice = try await server.login("alice")
        let response = try await alice.ask("broadcast", ["to": ["bob", "nobody"], "text": "hello bob"], id: "b")
        #expect(response.payloadData == ["delivered": ["bob"], "undelivered": ["nobody"]])
        let here = try await bobHere.receive()
        #expect(here["header"]?["from"] == "alice")
        #expect(here["payload"]?["data"] == ["text": "hello bob"])
        let there = try await bobThere.receive()
        #expect(there["header"]?["from"] == "alice")
        #expect(there["data"] == ["text": "hello bob"])
        await server.stop()
    }

    @Test func sendHandlerPassesFromAnExternalHandlerToAnInProcessOne() async throws {
        struct Count: MessageHandler {
            func handle(_ message: HandlerMessage) throws -> HandlerReply {
                HandlerReply(command: .reply, data: ["counted": message.data, "hop": .integer(Int64(message.hop))])
            }
        }
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration.supervised("stamp", program: examplesDirectory + "/forward_handler.py", in: directory)
        handler.environment = ["FORWARD_TO": "count"]
        let server = try await TestServer.start(.testing(handler: handler)) { $0.register(Count(), forType: "count") }
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let response = try await client.ask("stamp", ["x": 1], id: "f")
        #expect(response.status == "good")
        #expect(response.payloadData == ["counted": ["forwardedBy": "stamp", "original": ["x": 1]], "hop": 1])
        await server.stop()
    }

    @Test func theExampleConfigurationRunsItsHandlersUnchanged() async throws {
        let (loaded, issues) = ServerConfiguration.check(path: examplesDirectory + "/besterd.json")
        #expect(issues.isEmpty)
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var configuration = try #require(loaded)
        // Tests never bind fixed ports: the example's and the chat defaults'.
        configuration.listeners = [.tcp(host: "127.0.0.1", port: 0)]
        configuration.chatMaster = nil
        configuration.messagePackChat = nil
        configuration.accounts.hashCost = 1
        // Sockets of our own, so that tests running at once do not meet.
        for index in configuration.externalHandlers.indices {
            configuration.externalHandlers[index].socketPath = directory.file("\(configuration.externalHandlers[index].type).sock")
        }
        let server = try await TestServer.start(configuration)
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        #expect(try await client.ask("pyecho", ["text": "hi"], id: "1").payloadData == ["text": "hi"])
        #expect(try await client.ask("shout", ["text": "hi"], id: "2").payloadData == ["upper": "HI"])
        #expect(try await client.ask("stamp", 7, id: "3").payloadData == ["forwardedBy": "stamp", "original": 7])
        let broadcast = try await client.ask("broadcast", ["to": ["alice"], "text": "to myself"], id: "4")
        #expect(broadcast.payloadData == ["delivered": ["alice"], "undelivered": []])
        await server.stop()
    }

    @Test func stoppingTheServerStopsItsHandlerProcesses() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let program = try directory.script("handler.py", testHandlerScript)
        let server = try await TestServer.start(.testing(handler: .supervised("py", program: program, in: directory)))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let pid = try #require(try await client.ask("py", ["do": "pid"], id: "p").payloadData?["pid"]?.intValue)
        #expect(processExists(Int32(pid)))
        await server.stop()
        #expect(!processExists(Int32(pid)))
    }
}
