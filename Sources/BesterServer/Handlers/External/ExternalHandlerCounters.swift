import BesterProtocol
import Synchronization

/// What happened to an external handler's requests on one loop. Written by
/// that loop only (so never contended, and counted with a plain load and
/// store rather than a locked add), read by the status command.
final class ExternalHandlerCounters: Sendable {
    /// Requests taken.
    let requests = Atomic<Int>(0)
    /// Valid replies (with any status).
    let replies = Atomic<Int>(0)
    /// Garbage replies and connections closed without a reply.
    let failed = Atomic<Int>(0)
    /// Requests the handler did not answer in time.
    let timeouts = Atomic<Int>(0)
    /// Requests refused because the handler could not be reached.
    let unavailable = Atomic<Int>(0)

    /// Counts `outcome`.
    func record(_ outcome: HandlerOutcome) {
        switch outcome {
        case .reply:
            replies.countOne()
        case .failure(let report) where report.code == .handlerTimeout:
            timeouts.countOne()
        case .failure(let report) where report.code == .handlerUnavailable:
            unavailable.countOne()
        case .failure:
            failed.countOne()
        }
    }

    /// The sum over several loops, as the status command shows it.
    static func report(_ all: [ExternalHandlerCounters]) -> JSONValue {
        func sum(_ read: (ExternalHandlerCounters) -> Int) -> Int { all.reduce(0) { $0 + read($1) } }
        let requests = sum { $0.requests.load(ordering: .relaxed) }
        let replies = sum { $0.replies.load(ordering: .relaxed) }
        let failed = sum { $0.failed.load(ordering: .relaxed) }
        let timeouts = sum { $0.timeouts.load(ordering: .relaxed) }
        let unavailable = sum { $0.unavailable.load(ordering: .relaxed) }
        let inFlight = max(0, requests - replies - failed - timeouts - unavailable)
        return ["requests": .integer(Int64(requests)), "replies": .integer(Int64(replies)),
                "failed": .integer(Int64(failed)), "timeouts": .integer(Int64(timeouts)),
                "unavailable": .integer(Int64(unavailable)), "inFlight": .integer(Int64(inFlight))]
    }
}

extension Atomic<Int> {
    /// Adds one, for a counter only one thread writes: no update can be
    /// lost between the load and the store, and readers see whole values.
    func countOne() {
        store(load(ordering: .relaxed) &+ 1, ordering: .relaxed)
    }
}
