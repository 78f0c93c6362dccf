import BesterClient
import BesterProtocol
import Foundation

/// `bester-bench server`: request/reply through the built-in `echo` handler
/// with 128-byte payloads, over N authenticated connections each keeping
/// `depth` requests in flight. The server runs as a child process pinned to
/// CPU 0; run this process on CPU 1 (`taskset -c 1 bester-bench server`).
/// When `redis-server` is installed, Redis `ECHO` is measured with the same
/// load generator in the same run, as a baseline.
struct ServerScenario: Scenario {
    let name = "server"
    let summary = "request/reply through echo: 1, 16, 256 connections x 1 and 16 x 16 pipelined (vs Redis ECHO); --shape=CxD, --seconds=N, --no-baseline"

    func run(arguments: [String]) async throws {
        let seconds = Double(arguments.option("seconds") ?? "5") ?? 5
        // --shape=CxD (repeatable) measures only those shapes.
        let chosen = arguments.options("shape").compactMap { shape -> (Int, Int)? in
            let parts = shape.split(separator: "x").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        let shapes: [(connections: Int, depth: Int)] = chosen.isEmpty ? [(1, 1), (16, 1), (256, 1), (16, 16)] : chosen
        let payload = String(repeating: "x", count: 128)
        let request = FrameEncoder.frame(ClientRequest(type: "echo", data: .string(payload)).json(in: .v2_1))

        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        print("server scenario: echo, 128-byte payload, \(Int(seconds)) s per shape; server on CPU 0, load on this process's CPU")
        print("shape        bester req/s   p50 ms   p99 ms  | redis req/s   p50 ms   p99 ms  | bester/redis | CPU 0 steal | server µs/req, user+kernel: bester, redis")

        let bester = try BenchmarkServerProcess(arguments: [])
        defer { bester.stop() }
        let redis = arguments.contains("--no-baseline") ? nil : try RedisBaseline.start()
        defer { redis?.stop() }
        for shape in shapes {
            let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: bester.port)
            let besterResult = try await LoadGenerator.measure(connections: shape.connections, depth: shape.depth, to: address,
                                                               handshake: BenchAccount.handshake, request: request, framing: .besterFrames,
                                                               on: group.next(), warmUp: .seconds(1), duration: .seconds(seconds),
                                                               serverPID: bester.process.processIdentifier)
            var row = String(format: "%4d x %-3d  %12.0f %8.2f %8.2f  |", shape.connections, shape.depth,
                             besterResult.requestsPerSecond, besterResult.latency.milliseconds(at: 0.5),
                             besterResult.latency.milliseconds(at: 0.99))
            var steal = besterResult.stealText
            var cpu = besterResult.serverCPUText
            if let redis {
                let redisResult = try await LoadGenerator.measure(connections: shape.connections, depth: shape.depth,
                                                                  to: .ipv4(octets: [127, 0, 0, 1], port: redis.port), handshake: nil,
                                                                  request: RedisBaseline.echoCommand(payload),
                                                                  framing: .fixedSize(RedisBaseline.echoReplySize(payload)),
                                                                  on: group.next(), warmUp: .seconds(1), duration: .seconds(seconds),
                                                                  serverPID: redis.process.processIdentifier)
                row += String(format: " %11.0f %8.2f %8.2f  | %11.2f", redisResult.requestsPerSecond,
                              redisResult.latency.milliseconds(at: 0.5), redisResult.latency.milliseconds(at: 0.99),
                              besterResult.requestsPerSecond / redisResult.requestsPerSecond)
                steal += " and " + redisResult.stealText
                cpu += ", " + redisResult.serverCPUText
            } else {
                row += arguments.contains("--no-baseline") ? "  (baseline skipped)" : "  (redis-server not installed: no baseline)"
            }
            print(row + " | " + steal + " | " + cpu)
        }
    }
}
