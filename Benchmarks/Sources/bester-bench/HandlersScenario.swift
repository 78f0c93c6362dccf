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
/// handler.
struct HandlersScenario: Scenario {
    let name = "handlers"
    let summary = "request/reply through external handlers (Swift, Python; per-message, persistent) vs in-process echo"

    private struct Variant {
        let type: String
        let label: String
    }

    func run(arguments: [String]) async throws {
        let seconds = Double(arguments.option("seconds") ?? "3") ?? 3
        let rounds = Int(arguments.option("rounds") ?? "3") ?? 3
        let handlerCPU = Int(arguments.option("handler-cpu") ?? "0") ?? 0
        let only = arguments.option("only")
        let shapes: [(connections: Int, depth: Int)] = [(1, 1), (16, 16)]
        let payload = String(repeating: "x", count: 128)

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
        let variants = [
            Variant(type: "echo", label: "in-process echo"),
            Variant(type: "swift-persistent", label: "Swift, persistent"),
            Variant(type: "swift-async-persistent", label: "Swift async, persistent"),
            Variant(type: "swift-per-message", label: "Swift, per-message"),
            Variant(type: "python-persistent", label: "Python, persistent"),
            Variant(type: "python-per-message", label: "Python, per-message"),
        ].filter { only == nil || $0.type == "echo" || $0.type == only }
        let server = try BenchmarkServerProcess(cpu: 0, arguments: [
            "--external=swift-persistent:persistent:\(swiftSocket)",
            "--external=swift-async-persistent:persistent:\(swiftAsyncSocket)",
            "--external=swift-per-message:per-message:\(swiftSocket)",
            "--external=python-persistent:persistent:\(pythonSocket)",
            "--external=python-per-message:per-message:\(pythonSocket)",
        ])
        defer { server.stop() }

        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        print("handlers scenario: 128-byte payload, best of \(rounds) x \(seconds) s per cell; server on CPU 0, handlers on CPU \(handlerCPU), load on this process's CPU")
        print("handler                   shape      req/s   p50 ms   p99 ms   vs in-process")
        let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: server.port)
        for shape in shapes {
            var best: [String: (requestsPerSecond: Double, latency: Percentiles)] = [:]
            for _ in 0..<rounds {
                for variant in variants {
                    let request = FrameEncoder.frame(ClientRequest(type: variant.type, data: .string(payload)).json(in: .v2_1))
                    let generator = LoadGenerator(loop: group.next())
                    try await generator.connect(count: shape.connections, to: address, handshake: BenchAccount.handshake, request: request,
                                                depth: shape.depth, framing: .besterFrames)
                    let result = try await generator.run(warmUp: .milliseconds(500), duration: .seconds(seconds))
                    generator.closeAll()
                    if result.requestsPerSecond > best[variant.type]?.requestsPerSecond ?? 0 { best[variant.type] = result }
                }
            }
            let baseline = best["echo"]?.requestsPerSecond ?? 1
            for variant in variants {
                guard let result = best[variant.type] else { continue }
                print(variant.label.padding(toLength: 24, withPad: " ", startingAt: 0)
                    + String(format: "  %4d x %-3d %9.0f %8.2f %8.2f   %.2f", shape.connections, shape.depth, result.requestsPerSecond,
                             result.latency.milliseconds(at: 0.5), result.latency.milliseconds(at: 0.99),
                             result.requestsPerSecond / baseline))
            }
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
