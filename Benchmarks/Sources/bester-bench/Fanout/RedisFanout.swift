import BesterClient
import BesterProtocol

/// The baseline of the fan-out benchmark: Redis pub/sub, one publisher and
/// `members - 1` subscribers of one channel, the same 128-byte messages
/// and window.
struct RedisFanout {
    let port: UInt16
    let loop: EventLoop

    func measure(members size: Int, window: Int, seconds: Double, rounds: Int) async throws -> FanoutResult {
        let address = SocketAddress.ipv4(octets: [127, 0, 0, 1], port: port)
        let channel = "room-\(size)"
        let subscribe = Array("*2\r\n$9\r\nSUBSCRIBE\r\n$\(channel.utf8.count)\r\n\(channel)\r\n".utf8)
        let confirmation = "*3\r\n$9\r\nsubscribe\r\n$\(channel.utf8.count)\r\n\(channel)\r\n:1\r\n".utf8.count
        let message = "*3\r\n$7\r\nmessage\r\n$\(channel.utf8.count)\r\n\(channel)\r\n$128\r\n".utf8.count + 128 + 2
        var receivers: [FanoutConnection] = []
        for _ in 1..<size {
            let receiver = FanoutConnection()
            receiver.connection = try await Connection.connect(to: address, on: loop) { _ in receiver }
            receivers.append(receiver)
        }
        let publisher = FanoutConnection()
        let connection = try await Connection.connect(to: address, on: loop) { _ in publisher }
        publisher.connection = connection
        let all = receivers
        try await loop.submit {
            for receiver in all {
                receiver.startCounting(FanoutConnection.Framing(messageSize: message, timestampOffset: message - 130), skip: confirmation)
                receiver.connection?.write(subscribe)
            }
        }
        // Every subscription must be in place before the first message.
        while try await loop.submit({ all.contains { $0.connection?.isOpen == true && !$0.hasSkippedHandshake } }) {
            try await Task.sleep(for: .milliseconds(10))
        }
        let request = Array("*3\r\n$7\r\nPUBLISH\r\n$\(channel.utf8.count)\r\n\(channel)\r\n$128\r\n\(FanoutClock.text)\r\n".utf8)
        let reply = ":\(size - 1)\r\n".utf8.count
        try await loop.submit { publisher.startCounting(FanoutConnection.Framing(messageSize: reply, timestampOffset: reply)) }
        let driver = FanoutDriver(loop: loop, sender: connection, receivers: receivers, window: window,
                                  request: request, stampOffset: request.count - 130)
        var results: [FanoutResult] = []
        for _ in 0..<rounds {
            results.append(try await driver.run(warmUp: .seconds(1), duration: .seconds(seconds)))
        }
        loop.execute {
            for receiver in all { receiver.connection?.close() }
            connection.close()
        }
        return FanoutResult.best(of: results)
    }
}
