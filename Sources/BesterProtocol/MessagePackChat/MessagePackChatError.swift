/// Why bytes are not a valid MessagePack chat message: not MessagePack at
/// all, or MessagePack of the wrong shape.
public enum MessagePackChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not one MessagePack value.
    case decoding(MessagePackDecodeError)
    /// The value is not a valid message.
    case validation(MessagePackChatValidationError)

    public var description: String {
        switch self {
        case .decoding(let error): return error.description
        case .validation(let error): return error.description
        }
    }
}
