import BesterIO

extension EventLoop {
    /// Runs `body` on the loop once the monotonic clock reaches `deadline`
    /// (nanoseconds, as ``MonotonicClock/now()``).
    func schedule(atDeadline deadline: UInt64, _ body: @escaping @Sendable () -> Void) {
        let now = MonotonicClock.now()
        scheduleTimer(after: .nanoseconds(Int64(clamping: deadline > now ? deadline - now : 0)), body)
    }
}
