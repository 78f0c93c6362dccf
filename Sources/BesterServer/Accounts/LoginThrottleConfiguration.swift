/// How ``LoginThrottle`` slows down password guessing.
///
/// With the defaults, a username or an address gets 5 failures free; the 5th
/// locks it for 1 s, the 6th for 2 s, then 4 s, 8 s, ... up to 5 minutes.
/// Failures are forgotten 15 minutes after the last one, and a successful
/// login clears its username's record.
public struct LoginThrottleConfiguration: Sendable, Equatable {
    /// Failures allowed before the first delay. Default 5.
    public var failuresBeforeDelay: Int
    /// The delay after the `failuresBeforeDelay`-th failure; each later
    /// failure doubles it. Default 1 s.
    public var initialDelay: Duration
    /// The longest delay. Default 5 minutes.
    public var maximumDelay: Duration
    /// How long after its last failure a key is forgotten (its count back to
    /// zero). Default 15 minutes.
    public var failureMemory: Duration
    /// The most addresses tracked at once; beyond it the least recently
    /// active are dropped, so memory stays bounded under a distributed
    /// attack. Default 10 000.
    public var maximumTrackedAddresses: Int
    /// The most usernames tracked at once (same rule). Default 10 000.
    public var maximumTrackedUsernames: Int

    /// Creates a configuration; every default is documented on its property.
    public init(
        failuresBeforeDelay: Int = 5,
        initialDelay: Duration = .seconds(1),
        maximumDelay: Duration = .seconds(300),
        failureMemory: Duration = .seconds(900),
        maximumTrackedAddresses: Int = 10_000,
        maximumTrackedUsernames: Int = 10_000
    ) {
        self.failuresBeforeDelay = failuresBeforeDelay
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.failureMemory = failureMemory
        self.maximumTrackedAddresses = maximumTrackedAddresses
        self.maximumTrackedUsernames = maximumTrackedUsernames
    }
}
