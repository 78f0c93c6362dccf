import BesterClient
import BesterServer
import Testing

@Suite struct RequestTests {
    @Test(arguments: Dialect.allCases)
    func responsesThatComeBackOutOfOrderReachTheirRequests(_ dialect: Dialect) async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice", dialect: dialect)
        let finished = Collected<String>()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in ["a", "b", "c"] {
                group.addTask {
                    let response = try await client.request("gate", data: ["key": .string(key)])
                    #expect(response.data["key"] == .string(key))
                    finished.append(key)
                }
            }
            try await gate.waitUntilHeld(["a", "b", "c"])
            // Release one at a time in reverse, each after the previous answer arrived.
            for key in ["c", "b", "a"] {
                gate.open(key)
                try await waitUntil("the response to \(key)", within: 5) { finished.values.contains(key) }
            }
            try await group.waitForAll()
        }
        #expect(finished.values == ["c", "b", "a"])
        await client.close()
        await server.stop()
    }

    @Test func manyConcurrentRequestsShareOneConnection() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let count = 500
        let answers = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
            for index in 0..<count {
                group.addTask { (index, try await client.request("echo", data: ["n": JSONValue(index)]).data) }
            }
            var answers: [Int: JSONValue] = [:]
            for try await (index, data) in group { answers[index] = data }
            return answers
        }
        #expect(answers.count == count)
        #expect(answers.allSatisfy { $0.value == ["n": JSONValue($0.key)] })
        await client.close()
        await server.stop()
    }

    @Test func aRequestTimesOutAndItsLateResponseBecomesAnEvent() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let log = EventLog(client.events)
        do {
            _ = try await client.request("gate", data: ["key": "slow"], id: "slow-1", timeout: .milliseconds(50))
            Issue.record("the request did not time out")
        } catch {
            #expect(error == .timedOut(after: .milliseconds(50)))
            #expect(error.description == "no response within 0.05 seconds")
        }
        try await gate.waitUntilHeld(["slow"])
        gate.open("slow")
        #expect(try await log.nextResponse()?.id == "slow-1", "the late response comes next")
        // The id is free again and the connection still serves.
        #expect(try await client.request("echo", data: 2, id: "slow-1").data == 2)
        await client.close()
        await server.stop()
    }

    @Test func requestsWithDifferentTimeoutsExpireInDeadlineOrder() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let expired = Collected<String>()
        await withTaskGroup(of: Void.self) { group in
            for (key, milliseconds) in [("long", 300), ("short", 30), ("middle", 120)] {
                group.addTask {
                    do throws(BesterClientError) {
                        _ = try await client.request("gate", data: ["key": .string(key)], timeout: .milliseconds(milliseconds))
                    } catch {
                        if case .timedOut = error { expired.append(key) }
                    }
                }
            }
        }
        #expect(expired.values == ["short", "middle", "long"])
        gate.openAll()
        await client.close()
        await server.stop()
    }

    @Test func aWaitingRequestStillTimesOutAfterManyOthersCompleted() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let held = Task { () throws(BesterClientError) -> Response in
            try await client.request("gate", data: ["key": "held"], timeout: .milliseconds(300))
        }
        try await gate.waitUntilHeld(["held"])
        // Hundreds of finished requests leave their deadlines behind; the
        // table drops them, and must keep the one still waiting.
        for index in 0..<300 { _ = try await client.request("echo", data: JSONValue(index)) }
        let outcome = try await withTimeout(5, "the held request's timeout") { await held.result }
        #expect(throws: BesterClientError.timedOut(after: .milliseconds(300))) { try outcome.get() }
        gate.openAll()
        await client.close()
        await server.stop()
    }

    @Test func cancellingTheTaskEndsTheRequestAtOnce() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let waiting = Task { () throws(BesterClientError) -> Response in
            try await client.request("gate", data: ["key": "held"], timeout: .seconds(60))
        }
        try await gate.waitUntilHeld(["held"])
        waiting.cancel()
        let outcome = try await withTimeout(5, "the cancelled request") { await waiting.result }
        #expect(throws: BesterClientError.cancelled) { try outcome.get() }
        gate.openAll()
        #expect(try await client.request("echo", data: "still fine").data == "still fine")
        await client.close()
        await server.stop()
    }

    @Test func aRequestInACancelledTaskIsNotSent() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let log = EventLog(client.events)
        let task = Task { () throws(BesterClientError) -> Response in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.request("echo", data: "never", id: "cancelled-before")
        }
        await #expect(throws: BesterClientError.cancelled) { try await task.value }
        // A fire-and-forget marker comes back as the next event: nothing came before it.
        try client.send("echo", data: "marker", id: "marker")
        #expect(try await log.nextResponse()?.id == "marker", "the marker's response comes next")
        await client.close()
        await server.stop()
    }

    @Test func anIDThatIsStillWaitingCannotBeReused() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let first = Task { () throws(BesterClientError) -> Response in
            try await client.request("gate", data: ["key": "k"], id: "same")
        }
        try await gate.waitUntilHeld(["k"])
        await #expect(throws: BesterClientError.duplicateRequestID("same")) {
            try await client.request("echo", data: 1, id: "same")
        }
        gate.open("k")
        #expect(try await first.value.id == "same")
        await client.close()
        await server.stop()
    }

    @Test(arguments: Dialect.allCases)
    func aFailureResponseIsThrownWithTheServersReport(_ dialect: Dialect) async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice", dialect: dialect)
        do {
            _ = try await client.request("weather", data: ["city": "Oslo"], id: "w1")
            Issue.record("an unknown type succeeded")
        } catch {
            guard case .rejected(let response) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(response.id == "w1")
            #expect(response.error?.code == .unknownType)
            #expect(error.description == "no handler for type 'weather' (unknownType)")
        }
        await client.close()
        await server.stop()
    }

    @Test func sendDoesNotWaitAndItsResponseArrivesAsAnEvent() async throws {
        let server = try await TestServer.start()
        try await server.addUsers("alice")
        let client = try await server.connect("alice", dialect: .v2)
        let log = EventLog(client.events)
        try client.send("echo", data: "fire", id: "f1")
        try client.send("echo", data: "and forget")
        let first = try await log.next()
        let second = try await log.next()
        #expect(first == .response(.success(type: "echo", id: "f1", data: "fire")))
        #expect(second == .response(.success(type: "echo", id: nil, data: "and forget")))
        await client.close()
        await server.stop()
    }

    @Test func closingFailsWaitingRequestsAndEndsTheEvents() async throws {
        let gate = Gate()
        let server = try await TestServer.start { $0.register(gate, forType: "gate") }
        try await server.addUsers("alice")
        let client = try await server.connect("alice")
        let log = EventLog(client.events)
        let waiting = Task { () throws(BesterClientError) -> Response in
            try await client.request("gate", data: ["key": "k"])
        }
        try await gate.waitUntilHeld(["k"])
        await client.close()
        await #expect(throws: BesterClientError.closed) { try await waiting.value }
        #expect(try await log.next() == nil)
        #expect(!client.isConnected)
        await #expect(throws: BesterClientError.closed) { try await client.request("echo", data: 1) }
        #expect(throws: BesterClientError.closed) { try client.send("echo", data: 1) }
        await client.close()
        gate.openAll()
        await server.stop()
    }
}
