/// How a ``BesterClient`` reconnects after losing its connection: attempts
/// spaced by a delay that grows from ``initialDelay`` by ``multiplier`` up
/// to ``maximumDelay``, each varied randomly by up to ``jitter`` of itself so
/// that many clients of one restarted server do not return in step.
///
/// Each attempt connects and logs in again with the credentials of the last
/// successful login. Requests made meanwhile wait (up to their timeout) and
/// are sent once logged in; requests that were already sent fail with
/// ``BesterClientError/connectionLost(_:notice:)``, since the server may or
/// may not have processed them.
public struct ReconnectPolicy: Sendable, Hashable {
    /// Delay before the first attempt.
    public var initialDelay: Duration
    /// The longest delay between attempts.
    public var maximumDelay: Duration
    /// Growth of the delay after each failed attempt.
    public var multiplier: Double
    /// Random variation of each delay, as a fraction of it (0 ... 1).
    public var jitter: Double
    /// Attempts per outage before giving up; nil tries for ever. Credentials
    /// the server refuses end the attempts at once.
    public var maximumAttempts: Int?

    /// Creates a policy.
    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(30),
                multiplier: Double = 2, jitter: Double = 0.2, maximumAttempts: Int? = nil) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = jitter
        self.maximumAttempts = maximumAttempts
    }

    /// 100 ms, doubling up to 30 s, for ever.
    public static let standard = ReconnectPolicy()

    /// The delay before attempt `attempt` (0 for the first).
    func delay(beforeAttempt attempt: Int) -> Duration {
        var seconds = Self.seconds(initialDelay)
        let maximum = Self.seconds(maximumDelay)
        for _ in 0..<min(attempt, 64) where seconds < maximum { seconds *= max(1, multiplier) }
        seconds = min(seconds, maximum)
        let spread = min(max(jitter, 0), 1)
        if spread > 0 { seconds *= Double.random(in: (1 - spread)...(1 + spread)) }
        return .nanoseconds(Int64(seconds * 1e9))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
