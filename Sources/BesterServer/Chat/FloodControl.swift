/// Flood control: a token bucket per user. Each message takes a token;
/// tokens come back at `perSecond` a second, and at most `perSecond` are
/// kept, so a user may send a burst of one second's worth and then
/// `perSecond` a second. 0 turns it off (benchmarks do).
struct FloodControl: Sendable {
    /// One user's bucket.
    struct Bucket: Sendable {
        /// Tokens left, in billionths of a token (so integer arithmetic on
        /// nanoseconds refills exactly).
        fileprivate var nanotokens: UInt64 = .max
        fileprivate var updatedAt: UInt64 = 0
    }

    /// Messages allowed per second (and burst size); 0 means no limit.
    let perSecond: Int

    /// Takes a token from `bucket` at time `now` (monotonic nanoseconds);
    /// false when none is left.
    func admit(_ bucket: inout Bucket, now: UInt64) -> Bool {
        guard perSecond > 0 else { return true }
        let capacity = UInt64(perSecond) * 1_000_000_000
        if bucket.nanotokens == .max {
            bucket.nanotokens = capacity
        } else {
            let elapsed = now &- bucket.updatedAt
            let refill = elapsed.multipliedReportingOverflow(by: UInt64(perSecond))
            bucket.nanotokens = refill.overflow ? capacity : min(capacity, bucket.nanotokens + min(refill.partialValue, capacity))
        }
        bucket.updatedAt = now
        guard bucket.nanotokens >= 1_000_000_000 else { return false }
        bucket.nanotokens -= 1_000_000_000
        return true
    }
}
