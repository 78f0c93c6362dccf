import BesterClient
import BesterProtocol
import Foundation

/// `bester-bench idle [--connections=N]`: holds N authenticated, idle
/// connections (10,000 by default) and reports the server's resident memory
/// per connection, with Redis holding the same number of idle clients as the
/// baseline when `redis-server` is installed.
struct IdleScenario: Scenario {
    let name = "idle"
    let summary = "memory per idle authenticated connection (10,000 by default; vs Redis); --connections=N"

    func run(arguments: [String]) async throws {
        let count = Int(arguments.option("connections") ?? "10000") ?? 10_000
        let openFiles = OpenFileLimit.raiseToMaximum()
        guard openFiles > count + 100 else {
            throw BenchmarkFailure.failed("only \(openFiles) open files allowed here; raise the hard limit (ulimit -Hn)")
        }
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }

        let bester = try BenchmarkServerProcess(arguments: [])
        defer { bester.stop() }
        let besterPerConnection = try await measure(count: count, group: group, port: bester.port,
                                                    handshake: BenchAccount.handshake, framing: .besterFrames,
                                                    resident: { bester.residentBytes })
        print(String(format: "bester: %d idle authenticated connections, %.1f KB resident per connection", count,
                     besterPerConnection / 1000))
        guard let redis = try RedisBaseline.start() else {
            print("(redis-server not installed: no baseline)")
            return
        }
        defer { redis.stop() }
        // Each Redis client makes one round trip too (PING), as each Bester one logged in.
        let redisPerConnection = try await measure(count: count, group: group, port: redis.port,
                                                   handshake: Array("PING\r\n".utf8), framing: .fixedSize(7),
                                                   resident: { redis.residentBytes })
        print(String(format: "redis:  %d idle clients, %.1f KB resident per connection; bester/redis %.2f", count,
                     redisPerConnection / 1000, besterPerConnection / redisPerConnection))
    }

    /// Resident bytes added per connection once `count` are open and idle.
    private func measure(count: Int, group: EventLoopGroup, port: UInt16, handshake: [UInt8], framing: ReplyFraming,
                         resident: () -> Int) async throws -> Double {
        let before = resident()
        let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: port)
        var generators: [LoadGenerator] = []
        var opened = 0
        while opened < count {
            let batch = min(500, count - opened)
            let generator = LoadGenerator(loop: group.next())
            try await generator.connect(count: batch, to: address, handshake: handshake, request: [], depth: 0,
                                        framing: framing)
            generators.append(generator)
            opened += batch
        }
        // Let the server settle (its sweep and allocator) before reading memory.
        try await Task.sleep(for: .seconds(2))
        let after = resident()
        var open = 0
        for generator in generators { open += try await generator.openCount() }
        guard open == count else { throw BenchmarkFailure.failed("only \(open) of \(count) connections stayed open") }
        for generator in generators { generator.closeAll() }
        return Double(after - before) / Double(count)
    }
}
