import BesterClient
import BesterProtocol
import Glibc

/// One connection of the fan-out benchmark (loop-confined). It starts in
/// *setup* mode, where whole MessagePack values are decoded and handed to
/// an awaiting caller (register, login, join); then it is switched to
/// *counting* mode, where it recognises fixed-size messages by length
/// alone and reads the send time written in each, so the load generator
/// spends its CPU on I/O rather than parsing.
final class FanoutConnection: ConnectionHandler, @unchecked Sendable {
    /// How the stream is read in counting mode.
    struct Framing: Sendable {
        /// Bytes of each message.
        let messageSize: Int
        /// Where the 16 hexadecimal digits of the send time start in a message.
        let timestampOffset: Int
    }

    var connection: Connection?
    private var decoder = MessagePackStreamDecoder()
    private var awaiting: [CheckedContinuation<MessagePackValue, any Error>] = []
    private var values: [MessagePackValue] = []
    private var framing: Framing?
    /// Bytes to drop before counting starts (a handshake reply of known size).
    private var skip = 0
    private var position = 0
    private var digits: [UInt8] = []
    private(set) var received = 0
    private var measuring = false
    private(set) var latencies: [UInt64] = []
    /// Called (on the loop) after each read that completed messages.
    var onProgress: (() -> Void)?

    // MARK: Setup mode

    /// The next MessagePack value (loop thread).
    func nextValue(_ continuation: CheckedContinuation<MessagePackValue, any Error>) {
        if !values.isEmpty {
            continuation.resume(returning: values.removeFirst())
        } else {
            awaiting.append(continuation)
        }
    }

    // MARK: Counting mode

    /// Counts messages of `framing` from now on, after dropping `skip` bytes.
    func startCounting(_ framing: Framing, skip: Int = 0) {
        self.framing = framing
        self.skip = skip
        position = 0
        received = 0
        digits.removeAll(keepingCapacity: true)
    }

    /// Back to setup mode.
    func stopCounting() {
        framing = nil
    }

    /// True once the handshake bytes to skip have all arrived.
    var hasSkippedHandshake: Bool { framing != nil && skip == 0 }

    func beginMeasuring() {
        measuring = true
        latencies.removeAll(keepingCapacity: true)
    }

    func endMeasuring() { measuring = false }

    // MARK: Events

    func connection(_ connection: Connection, didRead bytes: UnsafeRawBufferPointer) {
        guard let framing else {
            decoder.append(bytes)
            while let value = try? decoder.next() {
                if awaiting.isEmpty { values.append(value) } else { awaiting.removeFirst().resume(returning: value) }
            }
            return
        }
        let now = MonotonicClock.now()
        var index = 0
        if skip > 0 {
            index = min(skip, bytes.count)
            skip -= index
        }
        let before = received
        while index < bytes.count {
            // Jump to the digits or the end of the message, whichever comes first.
            let end = position < framing.timestampOffset ? framing.timestampOffset : framing.messageSize
            let take = min(end - position, bytes.count - index)
            if position >= framing.timestampOffset && position < framing.timestampOffset + 16 {
                let digitsTake = min(framing.timestampOffset + 16 - position, take)
                digits.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<index + digitsTake]))
                if digits.count == 16 {
                    if measuring, let sentAt = UInt64(String(decoding: digits, as: UTF8.self), radix: 16) { latencies.append(now &- sentAt) }
                    digits.removeAll(keepingCapacity: true)
                }
            }
            position += take
            index += take
            if position == framing.messageSize {
                position = 0
                received += 1
            }
        }
        if received != before { onProgress?() }
    }

    func connectionDidReachEndOfInput(_ connection: Connection) { connection.close() }

    func connection(_ connection: Connection, didCloseWith reason: ConnectionCloseReason) {
        for continuation in awaiting { continuation.resume(throwing: BenchmarkFailure.failed("connection closed: \(reason)")) }
        awaiting = []
    }
}
