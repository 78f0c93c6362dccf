import BesterProtocol

/// What a ``ChatMasterClient``'s connection brings that no call awaits.
public enum ChatMasterClientEvent: Sendable, Equatable {
    /// A package: chat messages, notifications, errors of commands sent
    /// without waiting, the server's login request.
    case package(ChatMasterPackage)
    /// A package this client could not read (a newer server's, say); skipped.
    case unreadable(String)
    /// The connection ended; this is the last event.
    case disconnected(ChatClientError)
}
