/// Decodes one MessagePack value from bytes that are all in memory.
///
/// ```swift
/// let value = try MessagePackDecoder().decode(bytes)
/// ```
///
/// For a connection, where values arrive in pieces, use
/// ``MessagePackStreamDecoder``.
public struct MessagePackDecoder: Sendable {
    /// Deepest nesting of arrays and maps accepted.
    public var maximumDepth: Int

    /// Creates a decoder.
    public init(maximumDepth: Int = MessagePackLimits.defaultMaximumDepth) {
        self.maximumDepth = maximumDepth
    }

    /// Decodes `bytes`, which must hold exactly one value.
    public func decode<Bytes: Collection>(_ bytes: Bytes) throws(MessagePackDecodeError) -> MessagePackValue
    where Bytes.Element == UInt8 {
        let decoded: Result<MessagePackValue, MessagePackDecodeError>? = bytes.withContiguousStorageIfAvailable { buffer in
            decodeWhole(buffer)
        }
        if let decoded { return try decoded.get() }
        return try Array(bytes).withUnsafeBufferPointer { decodeWhole($0) }.get()
    }

    private func decodeWhole(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<MessagePackValue, MessagePackDecodeError> {
        var reader = MessagePackReader(bytes: buffer, maximumDepth: maximumDepth, streamOffset: 0)
        do {
            let value = try reader.readValue(depth: 0)
            guard reader.position == buffer.count else {
                return .failure(MessagePackDecodeError(
                    kind: .trailingBytes, offset: reader.position,
                    message: "\(buffer.count - reader.position) bytes after the end of the value"))
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
