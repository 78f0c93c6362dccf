/// An instant in the MessagePack timestamp extension (type -1): seconds since
/// 1970-01-01T00:00:00Z and a nanosecond part, always added (so -0.5 s is
/// `seconds: -1, nanoseconds: 500_000_000`).
public struct MessagePackTimestamp: Sendable, Hashable {
    /// The extension type the format reserves for timestamps.
    public static let extensionType: Int8 = -1

    /// Whole seconds since the Unix epoch.
    public let seconds: Int64
    /// Nanoseconds past ``seconds``, 0...999_999_999.
    public let nanoseconds: UInt32

    /// Creates a timestamp; nil when `nanoseconds` is 1 000 000 000 or more.
    public init?(seconds: Int64, nanoseconds: UInt32 = 0) {
        guard nanoseconds < 1_000_000_000 else { return nil }
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }
}
