import BesterClient
import BesterProtocol
import Foundation

/// `bester-bench handlers`: request/reply with 128-byte payloads through
/// external echo handlers, beside the in-process `echo` measured in the same
/// rounds: a Swift handler (`HandlerService`, answering on its event loop,
/// and in a task per request) and the Python example `echo_handler.py`, in
/// both connection modes. The server and the handler processes are pinned
/// to CPU 0 (server and handler share the one core the in-process figure's
/// server has); run this process on CPU 1 (`taskset -c 1 bester-bench
/// handlers`). Each cell is the best of `--rounds` rounds, the rounds
/// interleaved so that a busy moment on the machine does not favour one
/// handler; beside the ratio of best rounds, the median of each round's
/// ratio to the in-process cell of the same round, with a 95% confidence
/// interval for it (`MedianInterval`) once there are 6 rounds or more.
struct HandlersScenario: Scenario {
    let name = "handlers"
    let summary = "request/reply through external handlers (Swift, Python; per-message, persistent) vs in-process echo"

    private struct Variant {
        /// What `--only` calls it.
        let name: String
        /// The message type the server routes to it: at most 15 bytes, like
        /// the in-process `echo`, so that Swift keeps it inline and neither
        /// side pays a string allocation per request the other does not.
        let type: String
        let label: String
    }

    func run(arguments: [String]) async throws {
        let seconds = Double(arguments.option("seconds") ?? "3") ?? 3
        let rounds = Int(arguments.option("rounds") ?? "3") ?? 3
        let handlerCPU = arguments.option("handler-cpu").flatMap { Int($0) } ?? BenchmarkServerProcess.cpu
        let only = arguments.option("only")
        let shapes: [(connections: Int, depth: Int)] = [(1, 1), (16, 16)]
        let payload = String(repeating: "x", count: 128)
        let variants = [
            Variant(name: "echo", type: "echo", label: "in-process echo"),
            Variant(name: "swift-persistent", type: "swift", label: "Swift, persistent"),
            Variant(name: "swift-async-persistent", type: "swift-async", label: "Swift async, persistent"),
            Variant(name: "swift-per-message", type: "swift-msg", label: "Swift, per-message"),
            Variant(name: "python-persistent", type: "python", label: "Python, persistent"),
            Variant(name: "python-per-message", type: "python-msg", label: "Python, per-message"),
        ]
        if let only, !variants.dropFirst().contains(where: { $0.name == only }) {
            throw BenchmarkFailure.failed("--only takes one of: " + variants.dropFirst().map(\.name).joined(separator: ", "))
        }
        let measured = variants.filter { only == nil || $0.name == "echo" || $0.name == only }

        let directory = "/tmp/bester-handlers-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pythonHandler = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/handlers/echo_handler.py").path
        let swiftSocket = directory + "/swift.sock"
        let swiftAsyncSocket = directory + "/swift-async.sock"
        let pythonSocket = directory + "/python.sock"
        var handlers: [HandlerProcess] = []
        defer { for handler in handlers { handler.stop() } }
        for (socket, command) in [(swiftSocket, [CommandLine.arguments[0], "handler-serve", swiftSocket]),
                                  (swiftAsyncSocket, [CommandLine.arguments[0], "handler-serve", swiftAsyncSocket, "--async"]),
                                  (pythonSocket, ["/usr/bin/env", "python3", pythonHandler, pythonSocket])] {
            let handler = try HandlerProcess(cpu: handlerCPU, command: command)
            handlers.append(handler)
            try handler.waitUntilListening(on: socket)
        }
        let server = try BenchmarkServerProcess(arguments: [
            "--external=swift:persistent:\(swiftSocket)",
            "--external=swift-async:persistent:\(swiftAsyncSocket)",
            "--external=swift-msg:per-message:\(swiftSocket)",
            "--external=python:persistent:\(pythonSocket)",
            "--external=python-msg:per-message:\(pythonSocket)",
        ])
        defer { server.stop() }

        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        print("handlers scenario: 128-byte payload, best of \(rounds) x \(seconds) s per cell; server on CPU 0, handlers on CPU \(handlerCPU), load on this process's CPU")
        print("handler                   shape      req/s   p50 ms   p99 ms   best÷best  median of rounds, 95% CI  CPU 0 steal")
        let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: server.port)
        let requests = measured.map { FrameEncoder.frame(ClientRequest(type: $0.type, data: .string(payload)).json(in: .v2_1)) }
        for shape in shapes {
            // Each round's rate and steal per variant, and each variant's best round (with its latencies).
            var rates: [String: [Double]] = [:]
            var steals: [String: [Double]] = [:]
            var best: [String: LoadResult] = [:]
            for _ in 0..<rounds {
                for (variant, request) in zip(measured, requests) {
                    let result = try await LoadGenerator.measure(connections: shape.connections, depth: shape.depth, to: address,
                                                                 handshake: BenchAccount.handshake, request: request, framing: .besterFrames,
                                                                 on: group.next(), warmUp: .milliseconds(500), duration: .seconds(seconds))
                    rates[variant.type, default: []].append(result.requestsPerSecond)
                    if let steal = result.serverCPUSteal { steals[variant.type, default: []].append(steal) }
                    if result.requestsPerSecond > best[variant.type]?.requestsPerSecond ?? 0 { best[variant.type] = result }
                }
            }
            let baseline = rates["echo"] ?? []
            let bestBaseline = baseline.max() ?? 1
            for variant in measured {
                guard let cell = best[variant.type], let cellRates = rates[variant.type] else { continue }
                // Each round's cell beside the in-process cell of the same round: slow spells of the machine cancel out.
                let roundRatios = MedianInterval(zip(cellRates, baseline).map { $0 / $1 })
                let cellSteals = (steals[variant.type] ?? []).sorted()
                let steal = cellSteals.isEmpty ? "-"
                    : String(format: "%.0f%% (%.0f to %.0f)", MedianInterval(cellSteals).median, cellSteals.first ?? 0, cellSteals.last ?? 0)
                print(pad(variant.label, 24)
                    + String(format: "  %4d x %-3d %9.0f %8.2f %8.2f   %9.2f  ", shape.connections, shape.depth,
                             cell.requestsPerSecond, cell.latency.milliseconds(at: 0.5), cell.latency.milliseconds(at: 0.99),
                             cell.requestsPerSecond / bestBaseline)
                    + pad(roundRatios.description, 26) + steal)
            }
        }
        if rounds < 6 {
            print(String(format: "(with %d rounds the interval is their whole range: %.0f%% confidence)", rounds,
                         MedianInterval.confidenceOfRange(of: rounds) * 100))
        }
    }
}

/// An external handler process pinned to a CPU, ready once its socket listens.
final class HandlerProcess {
    let process = Process()

    init(cpu: Int, command: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "\(cpu)"] + command
        try process.run()
    }

    func waitUntilListening(on socket: String) throws {
        for _ in 0..<500 where process.isRunning {
            if UnixSocketFile.status(at: socket) == .listening { return }
            usleep(10_000)
        }
        throw BenchmarkFailure.failed("the handler \(process.arguments?.joined(separator: " ") ?? "") did not listen on \(socket)")
    }

    /// SIGKILL: a child started from a Swift concurrency thread may have SIGTERM blocked.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
