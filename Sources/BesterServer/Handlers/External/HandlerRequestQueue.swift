import BesterIO

/// Requests in arrival order, with one timer for the earliest deadline
/// instead of one per request (a timer per request would leave a cancelled
/// entry in the loop's heap for the whole timeout at every request).
///
/// Every request of a handler gets the same timeout, so deadlines arrive in
/// order and the first unexpired request is always the next to expire.
/// Loop-confined.
final class HandlerRequestQueue: @unchecked Sendable {
    private let loop: EventLoop
    private var items: [ExternalHandlerRequest] = []
    private var head = 0
    /// Items before this index have been checked against their deadline.
    private var expiredUpTo = 0
    private var timerArmed = false
    /// Called for each request whose deadline passes while it is queued and
    /// not yet done; it stays queued (the owner decides what to do).
    var onExpiry: (ExternalHandlerRequest) -> Void = { _ in }

    init(loop: EventLoop) {
        self.loop = loop
    }

    /// Requests queued (done ones included, until removed).
    var count: Int { items.count - head }

    /// True when every queued request has its outcome.
    var allDone: Bool { items[head...].allSatisfy(\.isDone) }

    /// Adds `request` at the end.
    func append(_ request: ExternalHandlerRequest) {
        items.append(request)
        armTimer()
    }

    /// Removes and returns the first request.
    func popFirst() -> ExternalHandlerRequest? {
        guard head < items.count else { return nil }
        let first = items[head]
        head += 1
        compact()
        return first
    }

    /// Drops done requests from the front.
    func dropDoneFromFront() {
        while head < items.count, items[head].isDone { head += 1 }
        compact()
    }

    /// Removes and returns everything queued.
    func removeAll() -> [ExternalHandlerRequest] {
        let all = Array(items[head...])
        items.removeAll()
        head = 0
        expiredUpTo = 0
        return all
    }

    private func compact() {
        if head == items.count {
            items.removeAll(keepingCapacity: items.count < 1024)
            head = 0
            expiredUpTo = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeSubrange(0..<head)
            expiredUpTo = max(0, expiredUpTo - head)
            head = 0
        }
    }

    private func armTimer() {
        guard !timerArmed else { return }
        let start = max(head, expiredUpTo)
        guard start < items.count else { return }
        timerArmed = true
        let now = MonotonicClock.now()
        let delay = items[start].deadline > now ? items[start].deadline - now : 0
        loop.scheduleTimer(after: .nanoseconds(Int64(clamping: delay))) { [self] in
            timerArmed = false
            expireDue()
        }
    }

    private func expireDue() {
        let now = MonotonicClock.now()
        var expired: [ExternalHandlerRequest] = []
        var index = max(head, expiredUpTo)
        while index < items.count, items[index].deadline <= now {
            expired.append(items[index])
            index += 1
        }
        expiredUpTo = index
        // Called after the scan: a callback may change the queue.
        for request in expired where !request.isDone { onExpiry(request) }
        armTimer()
    }
}
