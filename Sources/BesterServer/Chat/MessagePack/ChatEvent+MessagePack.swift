import BesterProtocol

extension ChatEvent {
    /// `003` has updates for whispers and group messages only; presence
    /// changes have no MessagePack form.
    func encodeMessagePack() -> [UInt8]? {
        switch kind {
        case let .roomMessage(room, sender, text):
            return MessagePackChatUpdate.msgGroup(groupName: room, sender: sender, content: text).encoded()
        case let .whisper(sender, text):
            return MessagePackChatUpdate.whisper(sender: sender, content: text).encoded()
        case .joined, .left, .renamed:
            return nil
        }
    }
}
