/// Anything a MessagePack chat server sends: a response or an update. What
/// a client parses each received value as.
public enum MessagePackChatServerMessage: Sendable, Hashable {
    /// The answer to a request.
    case response(MessagePackChatResponse)
    /// Something that happened.
    case update(MessagePackChatUpdate)

    /// Validates a decoded value as a server message.
    public init(_ value: MessagePackValue) throws(MessagePackChatValidationError) {
        let message = try MessagePackChatElements(value, name: "message", shape: "[\"response\" or \"update\", ...]")
        let kind = try message.string(at: 0, "kind")
        switch kind {
        case "response": self = .response(try MessagePackChatResponse(elements: message.renamed("response")))
        case "update": self = .update(try MessagePackChatUpdate(elements: message.renamed("update")))
        default:
            throw MessagePackChatValidationError(
                kind: .unknownAction, position: message.position(0), field: "kind",
                rule: "must be \"response\" or \"update\", got \(MessagePackValue.string(kind))")
        }
    }

    /// The message as MessagePack bytes.
    public func encoded() -> [UInt8] {
        switch self {
        case .response(let response): return response.encoded()
        case .update(let update): return update.encoded()
        }
    }
}

extension MessagePackChatElements {
    /// The same elements, named differently in errors.
    fileprivate func renamed(_ name: String) -> MessagePackChatElements {
        var copy = self
        copy.name = name
        return copy
    }
}
