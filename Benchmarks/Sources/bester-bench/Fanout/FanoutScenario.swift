import BesterClient
import BesterProtocol
import Foundation

/// `bester-bench fanout`: room fan-out over MessagePack chat. One sender
/// keeps up to `--window` messages (128 bytes of text) in flight, counted
/// until the slowest member has received them; every other member of the
/// room counts what arrives and how long it took (the send time travels in
/// the text). Rooms of 10, 100 and 1000 members. The server runs as a child
/// process pinned to CPU 0; run this process on CPU 1
/// (`taskset -c 1 bester-bench fanout`). When `redis-server` is installed,
/// Redis pub/sub with as many subscribers runs the same load, as a baseline.
/// Options: `--seconds=N` (default 5), `--rounds=N` (best of, default 3),
/// `--window=N` (default 64), `--members=10,100,1000`, `--no-baseline`.
struct FanoutScenario: Scenario {
    let name = "fanout"
    let summary = "room fan-out: one sender, rooms of 10, 100, 1000 members; delivered messages/s, latency (vs Redis pub/sub)"

    func run(arguments: [String]) async throws {
        let seconds = Double(arguments.option("seconds") ?? "5") ?? 5
        let window = Int(arguments.option("window") ?? "64") ?? 64
        let rounds = max(1, Int(arguments.option("rounds") ?? "3") ?? 3)
        let sizes = arguments.option("members")?.split(separator: ",").compactMap { Int($0) } ?? [10, 100, 1000]
        let noBaseline = arguments.contains("--no-baseline")
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        print("fanout scenario: 128-byte messages, window \(window), best of \(rounds) rounds of \(Int(seconds)) s per room; "
              + "server on CPU 0, load on this process's CPU")
        print("members   bester msg/s   p50 ms   p99 ms  | redis msg/s   p50 ms   p99 ms  | bester/redis")

        var rows: [(Int, FanoutResult)] = []
        do {
            let server = try BenchmarkServerProcess(arguments: ["--chat"])
            defer { server.stop() }
            let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: server.port)
            let chat = try await MessagePackFanout.connect(count: sizes.max() ?? 0, to: address, on: loop)
            for size in sizes {
                rows.append((size, try await chat.measure(members: size, window: window, seconds: seconds, rounds: rounds)))
            }
            chat.closeAll()
        }
        let redis = noBaseline ? nil : try RedisBaseline.start()
        defer { redis?.stop() }
        for (size, result) in rows {
            var row = String(format: "%7d  %13.0f %8.2f %8.2f  |", size, result.deliveredPerSecond,
                             result.latency.milliseconds(at: 0.5), result.latency.milliseconds(at: 0.99))
            if let redis {
                let baseline = try await RedisFanout(port: redis.port, loop: loop).measure(members: size, window: window, seconds: seconds,
                                                                                            rounds: rounds)
                row += String(format: " %11.0f %8.2f %8.2f  | %11.2f", baseline.deliveredPerSecond, baseline.latency.milliseconds(at: 0.5),
                              baseline.latency.milliseconds(at: 0.99), result.deliveredPerSecond / baseline.deliveredPerSecond)
            } else {
                row += noBaseline ? "  (baseline skipped)" : "  (redis-server not installed: no baseline)"
            }
            print(row)
        }
    }
}

/// What one room size measured.
struct FanoutResult {
    let deliveredPerSecond: Double
    let latency: Percentiles

    /// The round that delivered most: on a shared machine, the others lost time to other processes.
    static func best(of results: [FanoutResult]) -> FanoutResult {
        results.max { $0.deliveredPerSecond < $1.deliveredPerSecond } ?? FanoutResult(deliveredPerSecond: 0, latency: Percentiles())
    }
}

/// The send time of a message, as 16 hexadecimal digits (monotonic nanoseconds).
enum FanoutClock {
    static func stamp() -> [UInt8] {
        let hex = String(MonotonicClock.now(), radix: 16)
        return Array((String(repeating: "0", count: 16 - hex.utf8.count) + hex).utf8)
    }

    /// 128 bytes of text starting with a placeholder for the stamp.
    static let text = String(repeating: "0", count: 16) + String(repeating: "x", count: 112)
}

/// Drives one sender and many receivers on one loop: the sender tops its
/// window up once per loop turn, after the receivers have read.
final class FanoutDriver: @unchecked Sendable {
    let loop: EventLoop
    private let sender: Connection
    private let receivers: [FanoutConnection]
    private let window: Int
    /// The request bytes, and where in them the send time goes.
    private var request: [UInt8]
    private let stampOffset: Int
    private(set) var sent = 0
    private var slowest = 0
    private var pumpScheduled = false
    private var running = false

    init(loop: EventLoop, sender: Connection, receivers: [FanoutConnection], window: Int, request: [UInt8], stampOffset: Int) {
        self.loop = loop
        self.sender = sender
        self.receivers = receivers
        self.window = window
        self.request = request
        self.stampOffset = stampOffset
        for receiver in receivers { receiver.onProgress = { [unowned self] in schedulePump() } }
    }

    /// The fewest messages any receiver has (loop thread).
    private func slowestReceived() -> Int {
        receivers.reduce(Int.max) { min($0, $1.received) }
    }

    private func schedulePump() {
        guard !pumpScheduled else { return }
        pumpScheduled = true
        loop.execute { [self] in pump() }
    }

    private func pump() {
        pumpScheduled = false
        guard running else { return }
        if sent - slowest >= window { slowest = slowestReceived() }
        while sent - slowest < window {
            let stamp = FanoutClock.stamp()
            request.replaceSubrange(stampOffset..<stampOffset + 16, with: stamp)
            sender.write(request)
            sent += 1
        }
    }

    /// Runs for `warmUp`, then measures for `duration`; stops and waits until
    /// every receiver has every message.
    func run(warmUp: Duration, duration: Duration) async throws -> FanoutResult {
        try await loop.submit { [self] in
            running = true
            pump()
        }
        try await Task.sleep(for: warmUp)
        let (started, countAtStart) = try await loop.submit { [self] in
            for receiver in receivers { receiver.beginMeasuring() }
            return (MonotonicClock.now(), receivers.reduce(0) { $0 + $1.received })
        }
        try await Task.sleep(for: duration)
        let (elapsed, delivered, samples) = try await loop.submit { [self] in
            let ended = MonotonicClock.now()
            running = false
            var samples: [UInt64] = []
            for receiver in receivers {
                receiver.endMeasuring()
                samples += receiver.latencies
            }
            return (ended - started, receivers.reduce(0) { $0 + $1.received } - countAtStart, samples)
        }
        // Drain: the next room starts from a quiet stream.
        while try await loop.submit({ [self] in slowestReceived() < sent }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        var latency = Percentiles()
        for sample in samples { latency.record(sample) }
        return FanoutResult(deliveredPerSecond: Double(delivered) / (Double(elapsed) / 1e9), latency: latency)
    }
}
