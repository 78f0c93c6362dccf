import BesterIO
import Glibc
import Testing

@Suite struct ConnectionTests {
    @Test(arguments: ["127.0.0.1:0", "[::1]:0"])
    func echoesOverTCP(_ text: String) async throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try await startServer(group, on: try #require(SocketAddress(numeric: text)))
        #expect(listener.address.port != 0)
        let client = try await AsyncConnection.connect(to: listener.address, on: group.next())
        let message = Array("hello, bester".utf8)
        client.send(message)
        let echoed = try await withTimeout {
            var iterator = client.inbound.makeAsyncIterator()
            return try await receive(message.count, from: &iterator)
        }
        #expect(echoed == message)
        client.close()
        listener.close()
    }

    @Test func echoesOverUnixSocketAndRemovesTheFile() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("echo.sock")
        let listener = try await startServer(group, on: .unix(path: path))
        let client = try await AsyncConnection.connect(to: try Endpoint(parsing: "unix:\(path)"), on: group.next())
        let payload = [UInt8](repeating: 7, count: 200_000)
        client.send(payload)
        let echoed = try await withTimeout {
            var iterator = client.inbound.makeAsyncIterator()
            return try await receive(payload.count, from: &iterator)
        }
        #expect(echoed == payload)
        client.close()
        listener.close()
        try await waitUntil("the socket file to be removed") { access(path, F_OK) != 0 }
    }

    @Test func aStaleUnixSocketFileIsReplacedButALiveOneIsNot() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("stale.sock")
        let first = try await startServer(group, on: .unix(path: path))
        await #expect(throws: IOError.self) { _ = try await startServer(group, on: .unix(path: path)) }
        first.close()
        try await waitUntil("the socket file to be removed") { access(path, F_OK) != 0 }
        // Leave a dead socket file behind, as a crashed process would.
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        close(descriptor)
        let second = try await startServer(group, on: .unix(path: path))
        second.close()
    }

    @Test func refusedConnectFailsWithTheSystemError() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let refusing = try RefusingPort()
        // Held to the end of the test: the port must stay taken while it is refused.
        defer { withExtendedLifetime(refusing) {} }
        do {
            _ = try await AsyncConnection.connect(to: refusing.address, on: group.next())
            Issue.record("connect should have failed")
        } catch let error as IOError {
            #expect(error.code == ECONNREFUSED)
        }
    }

    @Test func aPeerThatDoesNotReadIsClosedAsASlowConsumer() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let reasons = Recorder<ConnectionCloseReason>()
        let limit = 256 * 1024
        let loop = group.next()
        let listener = try await loop.submit {
            try Listener.bind(try #require(SocketAddress(numeric: "127.0.0.1:0")), on: loop) { socket in
                _ = try? Connection.adopt(socket, on: loop,
                                          limits: ConnectionLimits(maximumPendingOutputBytes: limit, readPauseThresholdBytes: limit)) { _ in
                    FloodHandler(closed: { reasons.append($0) })
                }
            }
        }
        // Connect but never read: the kernel buffers fill, then the limit trips.
        let client = try await AsyncConnection.connect(to: listener.address, on: group.next())
        client.send([1])
        try await waitUntil("the slow consumer to be closed") { !reasons.all.isEmpty }
        guard case .outboundLimitExceeded(let pending) = reasons.all.first else {
            Issue.record("expected a slow-consumer close, got \(reasons.all)")
            return
        }
        #expect(pending > limit)
        client.close()
        listener.close()
    }

    @Test func outputWaitsForWritabilityOnlyOnceTheKernelRefusesIt() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let waitingRightAfterWrite = Recorder<Bool>()
        let served = Recorder<Connection>()
        let listener = try await loop.submit {
            try Listener.bind(try #require(SocketAddress(numeric: "127.0.0.1:0")), on: loop) { socket in
                let limit = 64 * 1024 * 1024
                _ = try? Connection.adopt(socket, on: loop,
                                          limits: ConnectionLimits(maximumPendingOutputBytes: limit, readPauseThresholdBytes: limit)) { _ in
                    BigAnswerHandler { connection in
                        // Queued for this turn's flush: not yet a peer that does not read.
                        waitingRightAfterWrite.append(connection.isWaitingForWritable)
                        served.append(connection)
                    }
                }
            }
        }
        // A plain socket that never reads: 32 MiB cannot all fit in the kernel's buffers.
        let client = try plainClient(port: listener.address.port ?? 0)
        defer { close(client) }
        _ = [UInt8(1)].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, 0) }
        try await waitUntil("the answer to be written") { !served.all.isEmpty }
        #expect(waitingRightAfterWrite.all == [false])
        let connection = try #require(served.all.first)
        // Asked on the loop, whose state it is.
        try await withTimeout(10, "the output to wait for the peer") {
            while try await !loop.submit({ connection.isWaitingForWritable }) {
                // Neither the submit nor the yield notices the timeout's cancellation.
                try Task.checkCancellation()
                await Task.yield()
            }
        }
        listener.close()
    }

    @Test func halfClosedPeerStillGetsItsReply() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let listener = try await startServer(group, on: try #require(SocketAddress(numeric: "127.0.0.1:0")))
        // A plain blocking client: write, shut down writing, read to EOF.
        let descriptor = try plainClient(port: listener.address.port ?? 0)
        defer { close(descriptor) }
        let message = Array("last words".utf8)
        _ = message.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
        shutdown(descriptor, Int32(SHUT_WR))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        #expect(received == message)
        listener.close()
    }
}

/// Writes 64 KiB for every byte it reads, forever: a firehose for a peer that never reads.
private final class FloodHandler: ConnectionHandler, @unchecked Sendable {
    let closed: @Sendable (ConnectionCloseReason) -> Void
    init(closed: @escaping @Sendable (ConnectionCloseReason) -> Void) { self.closed = closed }
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) { pump(connection) }
    private func pump(_ connection: Connection) {
        guard connection.isOpen else { return }
        connection.write([UInt8](repeating: 0x41, count: 64 * 1024))
        connection.loop.execute { [self] in pump(connection) }
    }
    func connectionDidReachEndOfInput(_ connection: Connection) {}
    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) { closed(reason) }
}

/// A plain blocking TCP socket connected to 127.0.0.1:`port`.
private func plainClient(port: UInt16) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        let error = IOError("connect 127.0.0.1:\(port)")
        close(descriptor)
        throw error
    }
    return descriptor
}

/// Answers the first bytes read with 32 MiB in one write.
private final class BigAnswerHandler: ConnectionHandler, @unchecked Sendable {
    let wrote: (Connection) -> Void
    init(wrote: @escaping (Connection) -> Void) { self.wrote = wrote }
    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        connection.write([UInt8](repeating: 0x41, count: 32 * 1024 * 1024))
        wrote(connection)
    }
    func connectionDidReachEndOfInput(_ connection: Connection) {}
    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {}
}
