/// Bounds a MessagePack decoder enforces on hostile input.
public struct MessagePackLimits: Sendable, Hashable {
    /// Default largest value a stream decoder accepts: 4 MiB.
    public static let defaultMaximumValueSize = 4 * 1024 * 1024
    /// Default deepest nesting of arrays and maps.
    public static let defaultMaximumDepth = 256

    /// Largest encoded size of one value, in bytes. A stream decoder refuses a
    /// value as soon as a header proves it cannot fit, before waiting for (or
    /// reserving memory for) its body.
    public var maximumValueSize: Int
    /// Deepest nesting of arrays and maps (a top-level array is depth 1).
    public var maximumDepth: Int

    /// Creates limits.
    public init(maximumValueSize: Int = MessagePackLimits.defaultMaximumValueSize,
                maximumDepth: Int = MessagePackLimits.defaultMaximumDepth) {
        self.maximumValueSize = maximumValueSize
        self.maximumDepth = maximumDepth
    }
}
