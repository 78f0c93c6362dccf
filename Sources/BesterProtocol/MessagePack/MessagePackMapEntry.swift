/// One key/value pair of a MessagePack map. Keys may be any value.
public struct MessagePackMapEntry: Sendable, Hashable {
    /// The key.
    public var key: MessagePackValue
    /// The value.
    public var value: MessagePackValue

    /// Creates an entry.
    public init(key: MessagePackValue, value: MessagePackValue) {
        self.key = key
        self.value = value
    }
}
