import BesterIO
import BesterProtocol
import Synchronization
import Testing
@testable import BesterServer

@Suite struct RunningHandlerTasksTests {
    /// Collects outcomes delivered on the loop.
    final class Outcomes: Sendable {
        private let received = Mutex<[HandlerOutcome]>([])
        private let arrivals: AsyncStream<Void>
        private let arrived: AsyncStream<Void>.Continuation

        init() { (arrivals, arrived) = AsyncStream<Void>.makeStream() }

        func record(_ outcome: HandlerOutcome) {
            received.withLock { $0.append(outcome) }
            arrived.yield()
        }

        var count: Int { received.withLock { $0.count } }

        func next(_ count: Int) async throws -> [HandlerOutcome] {
            let arrivals = self.arrivals
            try await withTimeout(10, "\(count) outcomes") {
                var iterator = arrivals.makeAsyncIterator()
                while self.received.withLock({ $0.count }) < count { _ = await iterator.next() }
            }
            return received.withLock { $0 }
        }
    }

    @Test func afterAbandoningNewWorkIsAnsweredAtOnceAndNeverRuns() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let tasks = RunningHandlerTasks()
        let outcomes = Outcomes()
        let report = ErrorReport.unavailable(handler: "'slow'", "the server is shutting down")
        let running = tasks.start(answering: CompletionOnce(loop: loop, outcomes.record)) {
            try? await Task.sleep(for: .seconds(3600))
            return .failure(ErrorReport(code: .internal, message: "ran to the end"))
        }
        tasks.abandonAll(with: report)
        let lateWork = Outcomes()
        let late = tasks.start(answering: CompletionOnce(loop: loop, outcomes.record)) {
            let outcome = HandlerOutcome.reply(HandlerReply(command: .reply, data: "late"))
            lateWork.record(outcome)
            return outcome
        }
        #expect(late == nil)
        let received = try await outcomes.next(2)
        for outcome in received {
            guard case .failure(let failure) = outcome else {
                Issue.record("expected the shutdown report, got \(outcome)")
                continue
            }
            #expect(failure.message == "handler 'slow' is unavailable: the server is shutting down")
        }
        #expect(running?.isCancelled == true)
        #expect(lateWork.count == 0)
    }
}
