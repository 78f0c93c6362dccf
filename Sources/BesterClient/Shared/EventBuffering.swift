/// What a client does with events its consumer has not taken yet.
public enum EventBuffering: Sendable, Hashable {
    /// Keep every event, but once `after` are waiting stop reading from the
    /// connection until the consumer has taken half of them. Nothing is lost
    /// and memory stays bounded; replies wait behind the events, and a server
    /// disconnects a client that stays behind for long (a slow consumer).
    case pauseReading(after: Int)
    /// Keep the newest `keeping` events and drop older ones. A client that
    /// never reads its events uses `.dropOldest(keeping: 0)`.
    case dropOldest(keeping: Int)

    /// `.pauseReading(after: 1024)`.
    public static let standard = EventBuffering.pauseReading(after: 1024)
}
