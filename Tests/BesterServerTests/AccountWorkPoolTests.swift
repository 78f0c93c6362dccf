import Dispatch
import Synchronization
import Testing
@testable import BesterServer

@Suite struct AccountWorkPoolTests {
    @Test func workRunsOutsideTheCallersTaskAndReturnsItsResult() async throws {
        let pool = BlockingWorkPool(concurrency: 2, queueLimit: 8, label: "test")
        // Run inline, the work would see the caller's task; on a pool thread it sees none.
        let ranInATask = try await pool.run { withUnsafeCurrentTask { $0 != nil } }
        #expect(!ranInATask)
        struct Failure: Error {}
        await #expect(throws: Failure.self) { try await pool.run { throw Failure() } }
    }

    @Test func concurrencyIsBoundedAndExtraWorkIsRefusedWhenTheQueueIsFull() async throws {
        let pool = BlockingWorkPool(concurrency: 2, queueLimit: 1, label: "test")
        let gate = DispatchSemaphore(value: 0)
        let counts = Counts()
        let job: @Sendable () -> Int = {
            counts.value.withLock { $0.running += 1; $0.highest = max($0.highest, $0.running) }
            gate.wait()  // on a pool thread, never on the test's
            counts.value.withLock { $0.running -= 1 }
            return 1
        }
        async let first = pool.run(job)
        async let second = pool.run(job)
        try await waitUntil("two jobs running") { counts.value.withLock { $0.running } == 2 }
        // Two running, none waiting: the third waits, the fourth is refused.
        async let third = pool.run(job)
        try await waitUntil("a job waiting") { pool.waitingCount == 1 }
        await #expect(throws: AccountError.overloaded) { try await pool.run(job) }
        for _ in 0..<3 { gate.signal() }
        let total = try await first + second + third
        #expect(total == 3)
        #expect(counts.value.withLock { $0.highest } == 2)
    }

    /// Jobs running now, and the most that ever ran at once.
    private final class Counts: Sendable {
        let value = Mutex((running: 0, highest: 0))
    }
}
