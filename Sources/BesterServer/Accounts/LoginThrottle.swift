import Synchronization

/// Slows down password guessing, per username and per remote address
/// separately: after a number of failures each further failure locks the key
/// for an exponentially growing time (see ``LoginThrottleConfiguration``).
///
/// Use it in pairs: ``beginAttempt(username:address:)`` before checking a
/// password (it refuses while a key is locked) and
/// ``finishAttempt(_:outcome:)`` after, on every path. Attempts still being
/// checked count against the limit too, so a burst of parallel guesses gets
/// no more tries than a sequence would: past the free failures an attempt
/// *waits* for those in progress to finish, then is decided on their outcome
/// (a success clears the way, a failure locks the key). Legitimate bursts,
/// such as a client opening many connections at once, therefore all succeed.
///
/// Usernames are tracked ignoring ASCII case (guesses at "Alice" and "alice"
/// add up). Addresses are opaque strings; pass the peer's IP address without
/// the port. Memory is bounded: keys are forgotten
/// ``LoginThrottleConfiguration/failureMemory`` after their last failure, and
/// each table holds at most its configured number of keys.
///
/// Time comes from the clock passed in, so tests move it by hand.
public final class LoginThrottle: Sendable {
    /// What ``beginAttempt(username:address:)`` decided.
    public enum Decision: Sendable, Equatable {
        /// Go ahead and check the password, then finish the attempt.
        case proceed(Attempt)
        /// Refuse without checking; the caller may try again after this long.
        case throttled(retryAfter: Duration)
    }

    /// An attempt in progress; hand it back to ``finishAttempt(_:outcome:)``.
    public struct Attempt: Sendable, Equatable {
        let usernameKey: String?
        let address: String?
    }

    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        /// Right password: the username's failures are cleared.
        case succeeded
        /// Wrong credentials: counts as a failure for the username and address.
        case failed
        /// Not decided (e.g. the store failed): counts for nothing.
        case abandoned
    }

    /// The parameters in force.
    public let configuration: LoginThrottleConfiguration
    private let elapsed: @Sendable () -> Duration
    private let tables: Mutex<Tables>

    /// Creates a throttle reading time from `clock`.
    public init(configuration: LoginThrottleConfiguration = .init(), clock: some Clock<Duration>) {
        self.configuration = configuration
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        tables = Mutex(Tables(
            usernames: KeyTable(capacity: configuration.maximumTrackedUsernames),
            addresses: KeyTable(capacity: configuration.maximumTrackedAddresses)))
    }

    /// Creates a throttle reading time from the system's monotonic clock.
    public convenience init(configuration: LoginThrottleConfiguration = .init()) {
        self.init(configuration: configuration, clock: ContinuousClock())
    }

    /// Starts an attempt for `username` from `address` (either may be nil to
    /// throttle by the other alone), or refuses it while either is locked.
    /// When the attempts already in progress use up the free failures, this
    /// waits until one of them finishes and decides again.
    public func beginAttempt(username: String?, address: String?) async -> Decision {
        let usernameKey = username?.asciiCaseFolded
        while true {
            let decided: Decision? = await withCheckedContinuation { continuation in
                let now = elapsed()
                tables.withLock { tables in
                    let states = [
                        usernameKey.map { tables.usernames.state(of: $0, now: now, configuration) },
                        address.map { tables.addresses.state(of: $0, now: now, configuration) },
                    ].compactMap { $0 }
                    if let longest = states.compactMap(\.lockedFor).max() {
                        continuation.resume(returning: .throttled(retryAfter: longest))
                    } else if states.contains(.busy) {
                        tables.waiters.append(continuation)
                    } else {
                        if let usernameKey { tables.usernames.begin(usernameKey, now: now, configuration) }
                        if let address { tables.addresses.begin(address, now: now, configuration) }
                        continuation.resume(returning: .proceed(Attempt(usernameKey: usernameKey, address: address)))
                    }
                }
            }
            if let decided { return decided }
        }
    }

    /// Ends an attempt started by ``beginAttempt(username:address:)``.
    public func finishAttempt(_ attempt: Attempt, outcome: Outcome) {
        let now = elapsed()
        let waiting = tables.withLock { tables in
            if let key = attempt.usernameKey {
                tables.usernames.finish(key, outcome: outcome, clearsOnSuccess: true, now: now, configuration)
            }
            if let key = attempt.address {
                // One user's success says nothing about the others behind an address.
                tables.addresses.finish(key, outcome: outcome, clearsOnSuccess: false, now: now, configuration)
            }
            let waiting = tables.waiters
            tables.waiters = []
            return waiting
        }
        // Every waiter decides again; those still blocked queue up anew.
        for waiter in waiting { waiter.resume(returning: nil) }
    }

    /// How many attempts are waiting for others to finish (for monitoring).
    public var waitingAttemptCount: Int { tables.withLock { $0.waiters.count } }

    /// How many usernames are tracked now (for monitoring).
    public var trackedUsernameCount: Int { tables.withLock { $0.usernames.records.count } }

    /// How many addresses are tracked now (for monitoring).
    public var trackedAddressCount: Int { tables.withLock { $0.addresses.records.count } }
}

private struct Tables {
    var usernames: KeyTable
    var addresses: KeyTable
    /// Attempts waiting for one in progress to finish; resumed with nil to decide again.
    var waiters: [CheckedContinuation<LoginThrottle.Decision?, Never>] = []
}

/// Whether a key may start an attempt now.
private enum KeyState: Equatable {
    case free
    /// The attempts in progress use up the free failures: wait for them.
    case busy
    case locked(Duration)

    var lockedFor: Duration? {
        if case .locked(let duration) = self { return duration }
        return nil
    }
}

/// The failure records of one kind of key. Times are durations since the
/// throttle was created.
private struct KeyTable {
    struct Record {
        var failures = 0
        var inFlight = 0
        var lastActivity: Duration
        var lockedUntil = Duration.zero
    }

    let capacity: Int
    var records: [String: Record] = [:]

    init(capacity: Int) {
        self.capacity = capacity
    }

    func state(of key: String, now: Duration, _ configuration: LoginThrottleConfiguration) -> KeyState {
        guard let record = records[key], !isExpired(record, now: now, configuration) else { return .free }
        if record.lockedUntil > now { return .locked(record.lockedUntil - now) }
        if record.inFlight > 0, record.failures + record.inFlight >= configuration.failuresBeforeDelay { return .busy }
        return .free
    }

    mutating func begin(_ key: String, now: Duration, _ configuration: LoginThrottleConfiguration) {
        var record = current(key, now: now, configuration)
        record.inFlight += 1
        record.lastActivity = now
        store(record, for: key, now: now, configuration)
    }

    mutating func finish(
        _ key: String, outcome: LoginThrottle.Outcome, clearsOnSuccess: Bool, now: Duration,
        _ configuration: LoginThrottleConfiguration
    ) {
        var record = current(key, now: now, configuration)
        record.inFlight = max(0, record.inFlight - 1)
        switch outcome {
        case .succeeded where clearsOnSuccess:
            record.failures = 0
            record.lockedUntil = .zero
        case .failed:
            record.failures += 1
            record.lastActivity = now
            let excess = record.failures - configuration.failuresBeforeDelay
            if excess >= 0 {
                record.lockedUntil = now + Self.delay(afterExcessFailures: excess, configuration)
            }
        case .succeeded, .abandoned:
            break
        }
        if record.failures == 0, record.inFlight == 0, record.lockedUntil <= now {
            records[key] = nil
        } else {
            store(record, for: key, now: now, configuration)
        }
    }

    /// initialDelay × 2^excess, capped at maximumDelay.
    private static func delay(afterExcessFailures excess: Int, _ configuration: LoginThrottleConfiguration) -> Duration {
        // 2^40 s is far past any sane cap; stopping there keeps the product finite.
        let doubled = configuration.initialDelay * (1 << min(excess, 40))
        return min(doubled, configuration.maximumDelay)
    }

    private func isExpired(_ record: Record, now: Duration, _ configuration: LoginThrottleConfiguration) -> Bool {
        record.lockedUntil <= now && now - record.lastActivity >= configuration.failureMemory
    }

    private func current(_ key: String, now: Duration, _ configuration: LoginThrottleConfiguration) -> Record {
        guard let record = records[key], !isExpired(record, now: now, configuration) else {
            return Record(lastActivity: now)
        }
        return record
    }

    private mutating func store(_ record: Record, for key: String, now: Duration, _ configuration: LoginThrottleConfiguration) {
        if records[key] == nil, records.count >= capacity {
            makeRoom(now: now, configuration)
        }
        records[key] = record
    }

    /// Drops expired keys, then if still full the least recently active
    /// quarter, so the sort is paid once per many insertions.
    private mutating func makeRoom(now: Duration, _ configuration: LoginThrottleConfiguration) {
        records = records.filter { !isExpired($0.value, now: now, configuration) }
        guard records.count >= capacity else { return }
        let keep = capacity * 3 / 4
        let oldestFirst = records.sorted { $0.value.lastActivity < $1.value.lastActivity }
        for (key, _) in oldestFirst.prefix(records.count - keep) {
            records[key] = nil
        }
    }
}
