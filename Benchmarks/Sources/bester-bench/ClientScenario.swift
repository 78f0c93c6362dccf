import BesterClient
import Foundation
import Synchronization

/// `bester-bench client`: BesterClient request/response through `echo`
/// (128-byte payload) on one connection, with 1, 16 and 256 requests in
/// flight from as many tasks; the baseline is the load generator on one
/// connection with the same depth (framing only, no parsing or
/// correlation), so the difference is the client's own cost. The server
/// runs as a child process on CPU 0; run this one on CPU 1
/// (`taskset -c 1 bester-bench client`).
struct ClientScenario: Scenario {
    let name = "client"
    let summary = "BesterClient requests through echo on one connection, 1/16/256 in flight (vs raw load generator)"

    func run(arguments: [String]) async throws {
        let seconds = Double(arguments.option("seconds") ?? "5") ?? 5
        let payload = JSONValue.string(String(repeating: "x", count: 128))
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let server = try BenchmarkServerProcess(arguments: [])
        defer { server.stop() }
        let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: server.port)
        let rawRequest = FrameEncoder.frame(ClientRequest(type: "echo", data: payload).json(in: .v2_1))

        print("client scenario: echo, 128-byte payload, one connection, \(Int(seconds)) s per depth; server on CPU 0")
        print("in flight   client req/s   p50 ms   p99 ms  | raw req/s   p50 ms   p99 ms  | client/raw")
        for depth in [1, 16, 256] {
            let client = try await BesterClient.connect(
                to: .tcp(host: "127.0.0.1", port: server.port), as: BenchAccount.credentials,
                options: BesterClient.Options(dialect: .v2_1, eventBuffering: .dropOldest(keeping: 0), eventLoopGroup: group))
            let measured = try await measure(client, depth: depth, payload: payload, seconds: seconds)
            await client.close()

            let raw = try await LoadGenerator.measure(connections: 1, depth: depth, to: address, handshake: BenchAccount.handshake,
                                                      request: rawRequest, framing: .besterFrames, on: group.next(),
                                                      warmUp: .seconds(1), duration: .seconds(seconds))

            print(String(format: "%9d  %13.0f %8.3f %8.3f  | %9.0f %8.3f %8.3f  | %10.2f", depth,
                         measured.requestsPerSecond, measured.latency.milliseconds(at: 0.5), measured.latency.milliseconds(at: 0.99),
                         raw.requestsPerSecond, raw.latency.milliseconds(at: 0.5), raw.latency.milliseconds(at: 0.99),
                         measured.requestsPerSecond / raw.requestsPerSecond))
        }
    }

    /// `depth` tasks, each sending its next request when the last one is answered.
    private func measure(_ client: BesterClient, depth: Int, payload: JSONValue,
                         seconds: Double) async throws -> (requestsPerSecond: Double, latency: Percentiles) {
        let clock = ContinuousClock()
        let warmUpEnds = clock.now + .seconds(1)
        let ends = warmUpEnds + .seconds(seconds)
        let samples = try await withThrowingTaskGroup(of: Percentiles.self) { group in
            for _ in 0..<depth {
                group.addTask {
                    var latency = Percentiles()
                    while true {
                        let sent = clock.now
                        guard sent < ends else { return latency }
                        _ = try await client.request("echo", data: payload)
                        if sent >= warmUpEnds { latency.record((clock.now - sent).nanoseconds) }
                    }
                }
            }
            var all = Percentiles()
            for try await latency in group { all.merge(latency) }
            return all
        }
        return (Double(samples.samples.count) / seconds, samples)
    }
}
