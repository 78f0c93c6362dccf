import BesterClient
import BesterServer
import Testing

@Suite struct DeliveryTests {
    @Test(arguments: Dialect.allCases)
    func deliveriesArriveOnTheStream(_ dialect: Dialect) async throws {
        let server = try await TestServer.start { $0.register(RelayHandler(), forType: "relay") }
        try await server.addUsers("alice", "bob")
        let alice = try await server.connect("alice", dialect: .v2)
        let bob = try await server.connect("bob", dialect: dialect)
        let response = try await alice.request("relay", data: ["to": ["bob"], "body": ["text": "hi bob"]])
        #expect(response.data == ["delivered": ["bob"], "undelivered": []])
        let delivery = try await withTimeout(5, "the delivery") { () -> Delivery? in
            var deliveries = bob.deliveries.makeAsyncIterator()
            return await deliveries.next()
        }
        #expect(delivery == Delivery(type: "relay", from: "alice", data: ["text": "hi bob"]))
        await alice.close()
        await bob.close()
        await server.stop()
    }

    @Test func aConsumerThatFallsBehindPausesReadingAndLosesNothing() async throws {
        let server = try await TestServer.start { $0.register(RelayHandler(), forType: "relay") }
        try await server.addUsers("alice", "bob")
        let alice = try await server.connect("alice")
        let bob = try await server.connect("bob") { $0.eventBuffering = .pauseReading(after: 4) }
        let count = 100
        for index in 0..<count {
            _ = try await alice.request("relay", data: ["to": ["bob"], "body": JSONValue(index)])
        }
        // The ping's answer is behind the deliveries bob has not taken: it cannot be read.
        await #expect(throws: BesterClientError.timedOut(after: .milliseconds(200))) {
            try await bob.ping(timeout: .milliseconds(200))
        }
        // The server hands deliveries to bob's loop as tasks, so the last few
        // may follow the pong; their order among themselves is kept.
        let (deliveries, late) = try await withTimeout(10, "every delivery") { () -> ([Delivery], [Response]) in
            var deliveries: [Delivery] = []
            var late: [Response] = []
            for await event in bob.events {
                switch event {
                case .delivery(let delivery): deliveries.append(delivery)
                case .response(let response): late.append(response)
                default: Issue.record("unexpected event \(event)")
                }
                if deliveries.count == count && late.count == 1 { break }
            }
            return (deliveries, late)
        }
        #expect(deliveries == (0..<count).map { Delivery(type: "relay", from: "alice", data: JSONValue($0)) })
        #expect(late.map(\.data) == ["pong"])
        #expect(try await bob.ping() > .zero)
        await alice.close()
        await bob.close()
        await server.stop()
    }

    @Test func droppingKeepsTheNewestEvents() async throws {
        let server = try await TestServer.start { $0.register(RelayHandler(), forType: "relay") }
        try await server.addUsers("bob")
        let bob = try await server.connect("bob") { $0.eventBuffering = .dropOldest(keeping: 3) }
        // Sent to himself, each delivery is written before its response, so
        // once the ping is answered every delivery has been read.
        for index in 0..<10 {
            _ = try await bob.request("relay", data: ["to": ["bob"], "body": JSONValue(index)])
        }
        _ = try await bob.ping()
        let kept = try await withTimeout(5, "the kept deliveries") { () -> [JSONValue] in
            var kept: [JSONValue] = []
            for await delivery in bob.deliveries {
                kept.append(delivery.data)
                if kept.count == 3 { break }
            }
            return kept
        }
        #expect(kept == [7, 8, 9])
        await bob.close()
        await server.stop()
    }

    @Test func aServerThatSendsGarbageIsAProtocolViolation() async throws {
        let server = try await ScriptedServer.start { _ in
            ScriptedSession { connection, _ in
                var frame = ByteBuffer()
                FrameEncoder.encode(body: Array("not json".utf8), into: &frame)
                connection.write(frame.readableView)
            }
        }
        do {
            _ = try await BesterClient.connect(to: server.endpoint, as: Credentials(username: "a", password: "b"),
                                               options: BesterClient.Options(eventLoopGroup: clientGroup))
            Issue.record("garbage was accepted as a login")
        } catch {
            guard case .protocolViolation(let what) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(what == "a frame is not JSON: byte 1: expected 'null', found 'o'")
        }
        server.stop()
    }

    @Test func aServerThatNeverAnswersTimesTheLoginOut() async throws {
        let server = try await ScriptedServer.start { _ in ScriptedSession { _, _ in } }
        await #expect(throws: BesterClientError.timedOut(after: .milliseconds(100))) {
            try await BesterClient.connect(to: server.endpoint, as: Credentials(username: "a", password: "b"),
                                           options: BesterClient.Options(connectTimeout: .milliseconds(100), eventLoopGroup: clientGroup))
        }
        server.stop()
    }
}
