import BesterProtocol

extension ChatEvent {
    /// The package line for ChatMaster clients.
    ///
    /// Messages carry what `004` defines (`message`, `username`) plus
    /// members a `004` client ignores: `channel` (the room, since a
    /// message stored while the user was offline may come from a room other
    /// than the current channel), `whisper: true` for a direct message
    /// (ChatMaster has none of its own), and `sent_at` (Unix milliseconds)
    /// on stored messages delivered late.
    func encodeChatMasterLine() -> [UInt8]? {
        var package: JSONValue
        switch kind {
        case let .roomMessage(room, sender, text):
            package = ChatMasterPackage.message(ChatMasterMessage(text: text, username: sender)).jsonValue
            package["data"]?["channel"] = .string(room)
        case let .whisper(sender, text):
            package = ChatMasterPackage.message(ChatMasterMessage(text: text, username: sender)).jsonValue
            package["data"]?["whisper"] = true
        case .joined(_, let user):
            return ChatMasterPackage.notification(.userJoined(username: user)).encodedLine()
        case .left(_, let user):
            return ChatMasterPackage.notification(.userLeft(username: user)).encodedLine()
        case let .renamed(old, new):
            return ChatMasterPackage.notification(.userRename(oldUsername: old, newUsername: new)).encodedLine()
        }
        if let storedAt { package["data"]?["sent_at"] = .integer(storedAt) }
        return ChatMasterPackage.line(package)
    }
}
