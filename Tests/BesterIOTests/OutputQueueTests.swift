@testable import BesterIO
import Testing

@Suite struct OutputQueueTests {
    /// Sends at most `limit` bytes of what waits, as a kernel with a full
    /// send buffer would, and returns them.
    private func send(_ queue: OutputQueue, atMost limit: Int) -> [UInt8] {
        var sent: [UInt8] = []
        _ = queue.send { pending in
            sent = Array(pending.prefix(limit))
            return sent.count
        }
        return sent
    }

    private func append(_ queue: OutputQueue, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { queue.append($0) }
    }

    @Test func bytesLeaveInTheOrderTheyCame() {
        let queue = OutputQueue()
        append(queue, Array("hello, ".utf8))
        append(queue, Array("bester".utf8))
        #expect(queue.count == 13)
        #expect(send(queue, atMost: 100) == Array("hello, bester".utf8))
        #expect(queue.count == 0)
    }

    @Test func aPartialSendKeepsTheRestInFront() {
        let queue = OutputQueue()
        append(queue, Array(0..<100))
        #expect(send(queue, atMost: 30) == Array(0..<30))
        append(queue, Array(100..<120))
        #expect(queue.count == 90)
        #expect(send(queue, atMost: 1000) == Array(30..<120))
    }

    @Test func whatWaitsSurvivesTheBlockBeingCompactedAndGrown() {
        let queue = OutputQueue()
        var expected: [UInt8] = []
        var received: [UInt8] = []
        // Each round sends less than it appends, so the block fills,
        // moves what waits to the front and grows, many times over.
        for round in 0..<400 {
            let chunk = (0..<(round % 97 + 1)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ round) }
            append(queue, chunk)
            expected += chunk
            received += send(queue, atMost: round % 61)
        }
        received += send(queue, atMost: Int.max)
        #expect(received == expected)
    }

    @Test func releaseKeepsWhatWaitsUnlessToldOtherwise() {
        let queue = OutputQueue()
        append(queue, [1, 2, 3])
        queue.release()
        #expect(queue.count == 3)
        queue.release(evenIfWaiting: true)
        #expect(queue.count == 0)
        append(queue, [4])
        #expect(send(queue, atMost: 10) == [4])
    }

    @Test func nothingToSendCallsNothing() {
        let queue = OutputQueue()
        var called = false
        #expect(queue.send { _ in called = true; return 0 } == 0)
        #expect(!called)
    }
}
