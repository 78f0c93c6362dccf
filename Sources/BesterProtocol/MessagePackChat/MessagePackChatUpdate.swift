/// A message the server pushes to a client because something happened that
/// concerns it (`003`): `["update", action, data...]`.
///
/// Build one, call ``encoded()`` once, and write the same bytes to every
/// recipient.
public enum MessagePackChatUpdate: Sendable, Hashable {
    /// `["update", "whisper", sender, content]`: a direct message.
    case whisper(sender: String, content: String)
    /// `["update", "msg_group", group_name, sender, content]`: a message to a group.
    case msgGroup(groupName: String, sender: String, content: String)

    /// Validates a decoded value as an update.
    public init(_ value: MessagePackValue) throws(MessagePackChatValidationError) {
        let message = try MessagePackChatElements(value, name: "update", shape: "[\"update\", action, data...]")
        let kind = try message.string(at: 0, "kind")
        guard kind == "update" else {
            throw MessagePackChatValidationError(kind: .unknownAction, position: message.position(0), field: "kind",
                                                 rule: "must be \"update\"")
        }
        self = try Self(elements: message)
    }

    /// Reads the action and data of a message already known to be an update.
    init(elements message: MessagePackChatElements) throws(MessagePackChatValidationError) {
        let action = try message.string(at: 1, "action")
        switch action {
        case MessagePackChatAction.whisper.rawValue:
            let takes = "a whisper update carries sender, content"
            try message.requireAtMost(4, takes: takes)
            self = .whisper(sender: try message.string(at: 2, "sender", expected: takes),
                            content: try message.string(at: 3, "content", expected: takes))
        case MessagePackChatAction.msgGroup.rawValue:
            let takes = "a msg_group update carries group_name, sender, content"
            try message.requireAtMost(5, takes: takes)
            self = .msgGroup(groupName: try message.string(at: 2, "group_name", expected: takes),
                             sender: try message.string(at: 3, "sender", expected: takes),
                             content: try message.string(at: 4, "content", expected: takes))
        default:
            throw MessagePackChatValidationError(
                kind: .unknownAction, position: message.position(1), field: "action",
                rule: "unknown update \(MessagePackValue.string(action)); expected whisper or msg_group")
        }
    }

    /// The action the update belongs to.
    public var action: MessagePackChatAction {
        switch self {
        case .whisper: return .whisper
        case .msgGroup: return .msgGroup
        }
    }

    /// The update as MessagePack bytes.
    public func encoded() -> [UInt8] {
        var writer: MessagePackWriter
        switch self {
        case let .whisper(sender, content):
            writer = MessagePackWriter(capacity: 20 + sender.utf8.count + content.utf8.count)
            writer.writeArrayHeader(count: 4)
            writer.writeString("update")
            writer.writeString("whisper")
            writer.writeString(sender)
            writer.writeString(content)
        case let .msgGroup(group, sender, content):
            writer = MessagePackWriter(capacity: 30 + group.utf8.count + sender.utf8.count + content.utf8.count)
            writer.writeArrayHeader(count: 5)
            writer.writeString("update")
            writer.writeString("msg_group")
            writer.writeString(group)
            writer.writeString(sender)
            writer.writeString(content)
        }
        return writer.bytes
    }

    /// The update as a value.
    public var messagePackValue: MessagePackValue {
        switch self {
        case let .whisper(sender, content): return ["update", "whisper", .string(sender), .string(content)]
        case let .msgGroup(group, sender, content):
            return ["update", "msg_group", .string(group), .string(sender), .string(content)]
        }
    }
}
