import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

/// Handlers that crash, hang, answer garbage or are not there: the sender
/// always gets one failure naming the handler and the cause, and nothing
/// else is held up.
@Suite struct HandlerFailureEndToEndTests {
    private static func start(_ mode: HandlerConnectionMode, in directory: ScratchDirectory,
                              adjust: (inout ExternalHandlerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        var handler = ExternalHandlerConfiguration.supervised("py", program: try directory.script("handler.py", testHandlerScript),
                                                              in: directory, mode: mode)
        adjust(&handler)
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice", "bob")
        return server
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aHandlerThatCrashesMidRequestFailsItAndIsRestarted(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let server = try await Self.start(mode, in: directory)
        let client = try await server.login("alice")
        let firstPid = try #require(try await client.ask("py", ["do": "pid"], id: "before").payloadData?["pid"])
        let crashed = try await client.ask("py", ["do": "crash"], id: "crash")
        #expect(crashed.errorCode == "handlerFailed")
        #expect(crashed.errorMessage == "handler 'py' (external) closed the connection without replying")
        #expect(crashed["payload"]?["id"] == "crash")
        // The next request waits for the restarted process.
        let after = try await client.ask("py", ["do": "pid"], id: "after")
        #expect(after.status == "good", "\(after)")
        #expect(after.payloadData?["pid"] != nil && after.payloadData?["pid"] != firstPid)
        let status = try #require(try await server.handlerStatus("py", as: client))
        #expect(status["process"]?["state"] == "running", "\(status)")
        #expect(status["process"]?["restarts"] == 1, "\(status)")
        #expect(status["process"]?["lastExit"] == "exit status 3")
        await server.stop()
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aHandlerThatNeverAnswersTimesOutWithoutHoldingUpOthers(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let server = try await Self.start(mode, in: directory) { handler in
            handler.timeout = .milliseconds(700)
            handler.connections = 2
        }
        let alice = try await server.login("alice")
        let bob = try await server.login("bob")
        alice.send(request("py", ["do": "hang"], id: "hang"))
        // Sent after the hanging request, answered before it times out.
        #expect(try await bob.ask("py", ["n": 1], id: "meanwhile").status == "good")
        #expect(try await bob.ask("echo", "built-in", id: "other type").status == "good")
        let timedOut = try await alice.receive()
        #expect(timedOut.errorCode == "handlerTimeout")
        #expect(timedOut.errorMessage == "handler 'py' (external) did not answer within 0.7 seconds")
        #expect(timedOut["payload"]?["id"] == "hang")
        #expect(try await alice.ask("py", ["n": 2], id: "later").payloadData == ["n": 2])
        let status = try #require(try await server.handlerStatus("py", as: alice))
        #expect(status["counters"]?["timeouts"] == 1)
        await server.stop()
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aRequestStillWaitingWhenTheShutdownGraceEndsIsAnswered(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let handler = ExternalHandlerConfiguration.supervised("py", program: try directory.script("handler.py", testHandlerScript),
                                                              in: directory, mode: mode)
        let server = try await TestServer.start(.testing(handler: handler) { $0.limits.shutdownGrace = .milliseconds(300) })
        try await server.addUsers("alice")
        let alice = try await server.login("alice")
        #expect(try await alice.ask("py", ["n": 1], id: "ready").status == "good")
        alice.send(request("py", ["do": "hang"], id: "hang"))
        // Frames are taken in order: once the ping is answered, the hanging request is in flight.
        #expect(try await alice.ask("builtin", ["command": ["type": "ping"]], id: "ping").payloadData == "pong")
        let stopping = Task { await server.stop() }
        var aliceSaw: [JSONValue] = []
        while let frame = try await alice.receiveOrEnd() { aliceSaw.append(frame) }
        let answer = try #require(aliceSaw.first { $0["payload"]?["id"] == "hang" }, "\(aliceSaw)")
        #expect(answer.errorCode == "handlerUnavailable")
        #expect(answer.errorMessage == "handler 'py' (external) is unavailable: the server is shutting down")
        await stopping.value
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func garbageRepliesAreFailuresNamingWhatWasWrong(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let server = try await Self.start(mode, in: directory)
        let client = try await server.login("alice")
        let notJSON = try await client.ask("py", ["do": "garbage"], id: "g1")
        #expect(notJSON.errorCode == "handlerFailed")
        #expect(notJSON.errorMessage.hasPrefix("handler 'py' (external) replied garbage: not JSON: "))
        let shape = try await client.ask("py", ["do": "shape"], id: "g2")
        #expect(shape.errorCode == "handlerFailed")
        #expect(shape.errorMessage == "handler 'py' (external) replied garbage: header.status: must be a string")
        let frame = try await client.ask("py", ["do": "badframe"], id: "g3")
        #expect(frame.errorCode == "handlerFailed")
        #expect(frame.errorMessage == "handler 'py' (external) replied garbage: not JSON: byte 0: expected a value, found end of input")
        let closed = try await client.ask("py", ["do": "close"], id: "g4")
        #expect(closed.errorCode == "handlerFailed")
        #expect(closed.errorMessage == "handler 'py' (external) closed the connection without replying")
        #expect(try await client.ask("py", ["still": "fine"], id: "ok").payloadData == ["still": "fine"])
        let status = try #require(try await server.handlerStatus("py", as: client))
        #expect(status["counters"]?["failed"] == 4)
        #expect(status["process"]?["restarts"] == 0)
        await server.stop()
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aReplyNobodyAskedForIsNeverTakenForTheNextRequest(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let server = try await Self.start(mode, in: directory)
        let client = try await server.login("alice")
        #expect(try await client.ask("py", ["do": "twice"], id: "t1").payloadData == ["do": "twice"])
        // Persistent mode: the extra reply closes that connection; the next request gets its own answer.
        #expect(try await client.ask("py", ["n": 2], id: "t2").payloadData == ["n": 2])
        await server.stop()
    }

    @Test(arguments: [HandlerConnectionMode.perMessage, .persistent])
    func aHandlerNobodyRunsIsUnavailable(_ mode: HandlerConnectionMode) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration(type: "absent", socketPath: directory.file("absent.sock"))
        handler.mode = mode
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let response = try await client.ask("absent", 1, id: "a")
        #expect(response.errorCode == "handlerUnavailable")
        #expect(response.errorMessage == "handler 'absent' (external) is unavailable: cannot connect to \(directory.file("absent.sock")) (No such file or directory)")
        let status = try #require(try await server.handlerStatus("absent", as: client))
        #expect(status["process"] == "started elsewhere")
        #expect(status["counters"]?["unavailable"] == 1)
        await server.stop()
    }

    @Test func aProgramThatCannotStartLeavesRequestsUnavailable() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        var handler = ExternalHandlerConfiguration.supervised("missing", program: directory.file("no-such-program"), in: directory)
        handler.timeout = .milliseconds(300)
        let server = try await TestServer.start(.testing(handler: handler))
        try await server.addUsers("alice")
        let client = try await server.login("alice")
        let response = try await client.ask("missing", 1, id: "m")
        #expect(response.errorCode == "handlerUnavailable")
        #expect(response.errorMessage.hasPrefix("handler 'missing' (external) is unavailable: its process is "))
        let status = try #require(try await server.handlerStatus("missing", as: client))
        #expect(status["process"]?["lastExit"] == "could not start: No such file or directory")
        await server.stop()
    }
}
