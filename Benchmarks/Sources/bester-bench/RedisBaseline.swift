import Foundation

/// Redis as a baseline: `redis-server` pinned to the servers' CPU, persistence off.
final class RedisBaseline {
    let process = Process()
    let port: UInt16

    static func start() throws -> RedisBaseline? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server") else { return nil }
        return try RedisBaseline()
    }

    private init() throws {
        // Below Linux's ephemeral range (32768 up): a port the load generator's
        // own connections hold could not be bound.
        port = UInt16.random(in: 20_000...32_767)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/taskset")
        process.arguments = ["-c", "\(BenchmarkServerProcess.cpu)", "/usr/bin/redis-server", "--port", "\(port)", "--save", "", "--appendonly", "no",
                             "--bind", "127.0.0.1", "--protected-mode", "no", "--maxclients", "20000"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait until it accepts connections.
        for _ in 0..<200 {
            if SocketProbe.connects(port: port) { return }
            usleep(20_000)
        }
        throw BenchmarkFailure.failed("redis-server did not start")
    }

    static func echoCommand(_ payload: String) -> [UInt8] {
        Array("*2\r\n$4\r\nECHO\r\n$\(payload.utf8.count)\r\n\(payload)\r\n".utf8)
    }

    static func echoReplySize(_ payload: String) -> Int {
        "$\(payload.utf8.count)\r\n".utf8.count + payload.utf8.count + 2
    }

    /// Resident memory of redis-server, in bytes.
    var residentBytes: Int { ResidentMemory.bytes(of: process.processIdentifier) }

    /// Kills it. SIGKILL, because children that Foundation's `Process`
    /// starts inherit a signal mask blocking SIGTERM and SIGINT.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A blocking connect attempt, for waiting until a server listens.
enum SocketProbe {
    static func connects(port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
