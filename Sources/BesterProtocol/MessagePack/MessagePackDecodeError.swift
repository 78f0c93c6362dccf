/// Why bytes are not a valid MessagePack value, and where.
public struct MessagePackDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that was broken.
    public enum Kind: Sendable, Equatable {
        /// The input ended inside a value.
        case truncated
        /// The byte 0xc1, which the format never uses.
        case reservedByte
        /// A declared length or element count is larger than the bytes left
        /// in the input or the value size limit allows.
        case lengthExceedsLimit
        /// Arrays and maps nested deeper than the limit.
        case tooDeep
        /// A str whose bytes are not well-formed UTF-8.
        case invalidUTF8
        /// A timestamp extension of another size than 4, 8 or 12 bytes, or
        /// with 1 000 000 000 nanoseconds or more.
        case invalidTimestamp
        /// Bytes after the one value a whole-input decode expects.
        case trailingBytes
    }

    /// The rule that was broken.
    public let kind: Kind
    /// Byte offset in the input (or stream) where the problem was found.
    public let offset: Int
    /// The problem in words.
    public let message: String

    /// Creates an error.
    public init(kind: Kind, offset: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// True when a ``MessagePackStreamDecoder`` has skipped the offending
    /// value and can go on with the next one: the value's extent was known and
    /// only its content was wrong. Otherwise the stream cannot be resynchronised.
    public var isRecoverable: Bool { kind == .invalidUTF8 || kind == .invalidTimestamp }

    public var description: String { "byte \(offset): \(message)" }
}
