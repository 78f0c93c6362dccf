import BesterIO
import BesterProtocol
import Testing
@testable import BesterServer

@Suite struct HandlerRequestQueueTests {
    private static let group: EventLoopGroup = {
        do { return try EventLoopGroup(loopCount: 1) } catch { fatalError("test event loop: \(error)") }
    }()

    @Test func expiredRequestsAreReportedInOrderSkippingAnsweredOnes() async throws {
        let loop = Self.group.loops[0]
        let (expired, report) = AsyncStream<String>.makeStream()
        let queue = try await loop.submit { () -> HandlerRequestQueue in
            let queue = HandlerRequestQueue(loop: loop)
            queue.onExpiry = { request in
                report.yield(request.body.stringValue ?? "")
                request.finish(.failure(ErrorReport(code: .handlerTimeout, message: "timed out")))
            }
            let now = MonotonicClock.now()
            for (name, milliseconds) in [("a", 20), ("b", 40), ("c", 60), ("d", 80)] {
                queue.append(ExternalHandlerRequest(body: .string(name), deadline: now + UInt64(milliseconds) * 1_000_000,
                                                    counters: ExternalHandlerCounters()) { _ in })
            }
            // "a" is answered and removed; "b" is answered but stays queued
            // (a persistent connection keeps its reply slot).
            queue.popFirst()?.finish(.reply(HandlerReply(command: .reply, data: "a")))
            let all = queue.removeAll()
            all[0].finish(.reply(HandlerReply(command: .reply, data: "b")))
            for request in all { queue.append(request) }
            return queue
        }
        let names = try await withTimeout(5, "two expiries") {
            var names: [String] = []
            for await name in expired {
                names.append(name)
                if names.count == 2 { break }
            }
            return names
        }
        #expect(names == ["c", "d"])
        #expect(try await loop.submit { queue.allDone && queue.count == 3 })
    }
}
