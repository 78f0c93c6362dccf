import BesterClient
import Glibc
import Synchronization

/// How replies are recognised in the byte stream.
enum ReplyFraming: Sendable {
    /// Bester frames: a 4-byte little-endian length, then the body.
    case besterFrames
    /// Every reply has this many bytes (Redis `ECHO` of a fixed payload).
    case fixedSize(Int)
}

/// What one measured run of load gave.
struct LoadResult {
    let requestsPerSecond: Double
    let latency: Percentiles
    /// The share of the server's CPU (``BenchmarkServerProcess/cpu``) the
    /// hypervisor took during the measurement, in percent (nil where it
    /// cannot be read).
    let serverCPUSteal: Double?
    /// The server's CPU time per request, where its process was given.
    let serverCPU: CPUPerRequest?

    /// The server's CPU per request for a table cell: `2.1+8.3` (user and
    /// kernel microseconds), or `-` where it is unknown.
    var serverCPUText: String { serverCPU?.text ?? "-" }

    /// The steal for a table cell: `12%`, or `-` where it is unknown.
    var stealText: String {
        serverCPUSteal.map { String(format: "%.0f%%", $0) } ?? "-"
    }
}

/// Closed-loop load: each connection keeps `depth` requests in flight and
/// sends a new one as each reply arrives. Replies are recognised by framing
/// alone, so the generator spends its CPU on I/O, not parsing.
final class LoadGenerator: @unchecked Sendable {
    let loop: EventLoop
    private var connections: [LoadConnection] = []

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Opens `count` connections to `address`, sends each `handshake` (if any),
    /// and returns once all got their handshake reply.
    func connect(count: Int, to address: SocketAddress, handshake: [UInt8]?, request: [UInt8], depth: Int,
                 framing: ReplyFraming) async throws {
        try await withThrowingTaskGroup(of: LoadConnection.self) { group in
            for _ in 0..<count {
                group.addTask { [loop] in
                    let ready = AsyncThrowingStream<Void, any Error>.makeStream()
                    let connection = LoadConnection(request: request, depth: depth, framing: framing,
                                                    handshakeDone: handshake == nil ? nil : ready.continuation)
                    let opened = try await Connection.connect(to: address, on: loop) { _ in connection }
                    connection.connection = opened
                    if let handshake {
                        loop.execute { opened.write(handshake) }
                        for try await _ in ready.stream { break }
                    }
                    return connection
                }
            }
            for try await connection in group { connections.append(connection) }
        }
    }

    /// Opens `connections` connections to `address` on `loop`, each keeping
    /// `depth` requests in flight, measures them (``run(warmUp:duration:)``)
    /// and closes them. `serverPID`, when given, is the server's process,
    /// whose CPU time per request is measured too.
    static func measure(connections: Int, depth: Int, to address: SocketAddress, handshake: [UInt8]?, request: [UInt8],
                        framing: ReplyFraming, on loop: EventLoop, warmUp: Duration, duration: Duration,
                        serverPID: Int32? = nil) async throws -> LoadResult {
        let generator = LoadGenerator(loop: loop)
        try await generator.connect(count: connections, to: address, handshake: handshake, request: request, depth: depth, framing: framing)
        defer { generator.closeAll() }
        return try await generator.run(warmUp: warmUp, duration: duration, serverPID: serverPID)
    }

    /// Runs load for `warmUp`, then measures for `duration`.
    func run(warmUp: Duration, duration: Duration, serverPID: Int32? = nil) async throws -> LoadResult {
        let connections = self.connections
        try await loop.submit { for connection in connections { connection.start() } }
        try await Task.sleep(for: warmUp)
        let serverCPUBefore = CPUTimes.read(cpu: BenchmarkServerProcess.cpu)
        let serverTimeBefore = serverPID.flatMap { ProcessCPUTime.read(pid: $0) }
        let started = try await loop.submit { () -> UInt64 in
            for connection in connections { connection.beginMeasuring() }
            return MonotonicClock.now()
        }
        try await Task.sleep(for: duration)
        let (count, elapsed, latency) = try await loop.submit { () -> (Int, UInt64, [UInt64]) in
            let ended = MonotonicClock.now()
            var count = 0
            var samples: [UInt64] = []
            for connection in connections {
                let (replies, latencies) = connection.endMeasuring()
                count += replies
                samples += latencies
            }
            return (count, ended - started, samples)
        }
        let steal = CPUTimes.read(cpu: BenchmarkServerProcess.cpu).flatMap { after in serverCPUBefore.map { after.stealPercent(since: $0) } }
        let serverTimeAfter = serverPID.flatMap { ProcessCPUTime.read(pid: $0) }
        let serverCPU = serverTimeBefore.flatMap { before in serverTimeAfter.map { CPUPerRequest(from: before, to: $0, requests: count) } }
        var percentiles = Percentiles()
        for sample in latency { percentiles.record(sample) }
        return LoadResult(requestsPerSecond: Double(count) / (Double(elapsed) / 1e9), latency: percentiles, serverCPUSteal: steal, serverCPU: serverCPU)
    }

    /// Connections not closed by the peer.
    func openCount() async throws -> Int {
        let connections = self.connections
        return try await loop.submit { connections.filter { $0.connection?.isOpen == true }.count }
    }

    func closeAll() {
        let connections = self.connections
        loop.execute { for connection in connections { connection.connection?.close() } }
        self.connections = []
    }
}

/// One load connection (loop-confined).
final class LoadConnection: ConnectionHandler, @unchecked Sendable {
    var connection: Connection?
    private let request: [UInt8]
    private let depth: Int
    private let framing: ReplyFraming
    private var handshakeDone: AsyncThrowingStream<Void, any Error>.Continuation?
    private var sendTimes: [UInt64] = []
    private var sendHead = 0
    private var measuring = false
    private var replies = 0
    private var latencies: [UInt64] = []
    // Framing state: bytes still to skip in the current reply, and a partial length prefix.
    private var remaining = 0
    private var header: [UInt8] = []

    init(request: [UInt8], depth: Int, framing: ReplyFraming, handshakeDone: AsyncThrowingStream<Void, any Error>.Continuation?) {
        self.request = request
        self.depth = depth
        self.framing = framing
        self.handshakeDone = handshakeDone
    }

    func start() {
        for _ in 0..<depth { sendOne() }
    }

    func beginMeasuring() {
        measuring = true
        replies = 0
        latencies.removeAll(keepingCapacity: true)
    }

    func endMeasuring() -> (Int, [UInt64]) {
        measuring = false
        return (replies, latencies)
    }

    private func sendOne() {
        sendTimes.append(MonotonicClock.now())
        connection?.write(request)
    }

    private func replyArrived() {
        if let done = handshakeDone {
            handshakeDone = nil
            done.yield()
            done.finish()
            return
        }
        let sentAt = sendTimes[sendHead]
        sendHead += 1
        if sendHead > 4096 {
            sendTimes.removeFirst(sendHead)
            sendHead = 0
        }
        if measuring {
            replies += 1
            latencies.append(MonotonicClock.now() - sentAt)
        }
        sendOne()
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        var index = 0
        while index < bytes.count {
            if remaining > 0 {
                let take = min(remaining, bytes.count - index)
                remaining -= take
                index += take
                if remaining == 0 { replyArrived() }
                continue
            }
            switch framing {
            case .fixedSize(let size):
                remaining = size
            case .besterFrames:
                header.append(bytes[index])
                index += 1
                if header.count == 4 {
                    remaining = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
                    header.removeAll(keepingCapacity: true)
                }
            }
        }
    }

    func connectionDidReachEndOfInput(_ connection: Connection) { connection.close() }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        handshakeDone?.finish(throwing: BenchmarkFailure.failed("connection closed during handshake: \(reason)"))
    }
}
