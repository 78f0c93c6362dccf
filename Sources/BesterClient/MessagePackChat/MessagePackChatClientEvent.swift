import BesterProtocol

/// What a ``MessagePackChatClient``'s connection brings that no call awaits.
public enum MessagePackChatClientEvent: Sendable, Equatable {
    /// A whisper or group message for this user.
    case update(MessagePackChatUpdate)
    /// An update this client could not read (a newer server's, say); skipped.
    case unreadable(String)
    /// The connection ended; this is the last event.
    case disconnected(ChatClientError)
}
