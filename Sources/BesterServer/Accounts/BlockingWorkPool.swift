import Dispatch
import Synchronization

/// Runs slow blocking work (password hashing) on at most `concurrency`
/// Dispatch threads at once and hands the result back to an async caller.
///
/// This keeps hashing off the caller's thread (an event loop must never
/// block) and off Swift's cooperative pool (whose few threads must never
/// block either). Work beyond `concurrency` waits in a queue of at most
/// `queueLimit` jobs; past that, ``run(_:)`` fails at once with
/// ``AccountError/overloaded`` rather than letting latency and memory grow.
final class BlockingWorkPool: Sendable {
    private typealias Job = @Sendable () -> Void

    private struct State {
        var running = 0
        var waiting: [Job] = []
        var nextWaiting = 0
        var waitingCount: Int { waiting.count - nextWaiting }
    }

    private enum Admission { case startWorker, queued, refused }

    private let concurrency: Int
    private let queueLimit: Int
    private let queue: DispatchQueue
    private let state = Mutex(State())

    init(concurrency: Int, queueLimit: Int, label: String) {
        self.concurrency = concurrency
        self.queueLimit = queueLimit
        queue = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    /// Runs `work` on a worker thread and returns (or throws) what it did.
    func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { continuation.resume(with: Swift.Result { try work() }) }
            let admission = state.withLock { state -> Admission in
                if state.running < concurrency {
                    state.running += 1
                    return .startWorker
                }
                guard state.waitingCount < queueLimit else { return .refused }
                state.waiting.append(job)
                return .queued
            }
            switch admission {
            case .startWorker: queue.async { self.work(startingWith: job) }
            case .queued: break
            case .refused: continuation.resume(throwing: AccountError.overloaded)
            }
        }
    }

    /// How many jobs are waiting for a thread now.
    var waitingCount: Int { state.withLock { $0.waitingCount } }

    /// A worker: runs its job, then waiting jobs, until none is left.
    private func work(startingWith first: @escaping Job) {
        var job: Job? = first
        while let current = job {
            current()
            job = state.withLock { state -> Job? in
                guard state.waitingCount > 0 else {
                    state.running -= 1
                    return nil
                }
                let next = state.waiting[state.nextWaiting]
                state.nextWaiting += 1
                // Reclaim the consumed front once it dominates the array.
                if state.nextWaiting * 2 >= state.waiting.count {
                    state.waiting.removeFirst(state.nextWaiting)
                    state.nextWaiting = 0
                }
                return next
            }
        }
    }
}
