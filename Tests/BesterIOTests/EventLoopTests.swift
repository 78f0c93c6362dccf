import BesterIO
import Testing

@Suite struct EventLoopTests {
    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Recorder<Int>()
        let done = AsyncStream<Void>.makeStream()
        loop.scheduleTimer(after: .milliseconds(30)) { fired.append(3) }
        loop.scheduleTimer(after: .milliseconds(10)) { fired.append(1) }
        let cancelled = loop.scheduleTimer(after: .milliseconds(20)) { fired.append(2) }
        cancelled.cancel()
        loop.scheduleTimer(after: .milliseconds(40)) { done.continuation.finish() }
        try await withTimeout { for await _ in done.stream {} }
        #expect(fired.all == [1, 3])
    }

    @Test func executeFromManyThreadsRunsEveryTaskOnTheLoop() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let onLoop = Recorder<Bool>()
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<8 {
                tasks.addTask {
                    for _ in 0..<1000 {
                        loop.execute { onLoop.append(loop.inEventLoop) }
                    }
                }
            }
        }
        let total = try await loop.submit { onLoop.all.count }
        #expect(total == 8000)
        #expect(onLoop.all.allSatisfy { $0 })
    }

    @Test func endpointsParseAsPeopleWriteThem() throws {
        #expect(try Endpoint(parsing: "localhost:2223") == .tcp(host: "localhost", port: 2223))
        #expect(try Endpoint(parsing: "[::1]:2224") == .tcp(host: "::1", port: 2224))
        #expect(try Endpoint(parsing: "unix:/run/bester.sock") == .unix(path: "/run/bester.sock"))
        #expect(throws: Endpoint.ParseError.self) { try Endpoint(parsing: "::1:2224") }
        #expect(throws: Endpoint.ParseError.self) { try Endpoint(parsing: "host:99999") }
        #expect(throws: Endpoint.ParseError.self) { try Endpoint(parsing: "host") }
        #expect(SocketAddress(numeric: "127.0.0.1:80")?.description == "127.0.0.1:80")
        #expect(SocketAddress(numeric: "[::1]:80")?.description == "[::1]:80")
        #expect(try Endpoint(parsing: "localhost:1").resolve().isEmpty == false)
    }
}
