/// Calls waiting for a reply, each known by a ticket and bounded by a
/// deadline. A client keeps one inside its lock.
///
/// A call costs no timer of its own: the owner keeps one event-loop timer
/// set for the earliest deadline (``add(_:continuation:deadline:tag:)`` and
/// ``removeExpired(now:timerDeadline:)`` say when to set a new one), so a
/// request is a dictionary entry and a heap entry, whatever its timeout.
struct PendingCalls<Reply: Sendable, Failure: Error, Tag> {
    typealias Continuation = CheckedContinuation<Result<Reply, Failure>, Never>

    /// One waiting call.
    struct Call {
        let ticket: UInt64
        let continuation: Continuation
        let deadline: UInt64
        /// What the owner needs to know about the call.
        var tag: Tag

        /// Wakes the caller with `result`. Each call is resumed exactly once,
        /// by whoever removed it.
        func resume(_ result: Result<Reply, Failure>) { continuation.resume(returning: result) }
    }

    private var calls: [UInt64: Call] = [:]
    private var deadlines = DeadlineHeap()
    /// The deadline the newest loop timer is set for; nil when none is due.
    private var armedDeadline: UInt64?
    private var lastTicket: UInt64 = 0

    var isEmpty: Bool { calls.isEmpty }

    /// A ticket no other call of this table has had.
    mutating func makeTicket() -> UInt64 {
        lastTicket += 1
        return lastTicket
    }

    /// Adds a call. Returns a deadline for which the owner must set a loop
    /// timer (nothing is set yet, or this deadline is earlier), or nil.
    mutating func add(_ ticket: UInt64, continuation: Continuation, deadline: UInt64, tag: Tag) -> UInt64? {
        calls[ticket] = Call(ticket: ticket, continuation: continuation, deadline: deadline, tag: tag)
        deadlines.insert(deadline: deadline, ticket: ticket)
        if let armed = armedDeadline, armed <= deadline { return nil }
        armedDeadline = deadline
        return deadline
    }

    /// Changes what the owner knows about a waiting call.
    mutating func updateTag(of ticket: UInt64, _ update: (inout Tag) -> Void) {
        guard var call = calls[ticket] else { return }
        update(&call.tag)
        calls[ticket] = call
    }

    /// Removes a call (answered, cancelled); nil when it no longer waits.
    mutating func remove(_ ticket: UInt64) -> Call? {
        guard let call = calls.removeValue(forKey: ticket) else { return nil }
        // Heap entries of finished calls are dropped lazily; rebuild once they dominate.
        if deadlines.count > 64 && deadlines.count > 2 * calls.count {
            deadlines.rebuild(calls.values.map { ($0.deadline, $0.ticket) })
        }
        return call
    }

    /// Removes every call matching `predicate`, oldest first.
    mutating func removeAll(where predicate: (Call) -> Bool = { _ in true }) -> [Call] {
        let removed = calls.values.filter(predicate).sorted { $0.ticket < $1.ticket }
        for call in removed { calls[call.ticket] = nil }
        return removed
    }

    /// The calls, oldest first.
    var all: [Call] { calls.values.sorted { $0.ticket < $1.ticket } }

    /// Called when the timer set for `timerDeadline` fires: removes the calls
    /// whose deadline has passed, and says when to set the next timer.
    mutating func removeExpired(now: UInt64, timerDeadline: UInt64) -> (expired: [Call], nextTimer: UInt64?) {
        if armedDeadline == timerDeadline { armedDeadline = nil }
        var expired: [Call] = []
        while let (deadline, ticket) = deadlines.popDue(now: now) {
            if let call = calls[ticket], call.deadline == deadline {
                calls[ticket] = nil
                expired.append(call)
            }
        }
        if calls.isEmpty { deadlines.rebuild([]) }
        guard armedDeadline == nil, let next = deadlines.earliest else { return (expired, nil) }
        armedDeadline = next
        return (expired, next)
    }
}
