import BesterIO

/// Why a call of a ``MessagePackChatClient`` or ``ChatMasterClient`` failed.
public enum ChatClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made.
    case cannotConnect(Endpoint, IOError)
    /// The server refused the request; its reason.
    case rejected(String)
    /// No answer came within the time allowed.
    case timedOut(after: Duration)
    /// The waiting task was cancelled.
    case cancelled
    /// The connection ended before the answer came.
    case connectionLost(ConnectionCloseReason)
    /// The client was closed.
    case closed
    /// The call needs a session: log in first.
    case notLoggedIn
    /// The server sent something its protocol does not allow.
    case protocolViolation(String)

    /// One line for people.
    public var description: String {
        switch self {
        case let .cannotConnect(endpoint, error):
            return "cannot connect to \(endpoint): \(error.reason)"
        case .rejected(let reason): return reason
        case .timedOut(let duration): return "no answer within \(duration)"
        case .cancelled: return "cancelled"
        case .connectionLost(let reason):
            return reason == .closedByPeer || reason == .closedLocally ? "connection lost: the server closed the connection"
                : "connection lost: \(reason)"
        case .closed: return "the client is closed"
        case .notLoggedIn: return "not logged in"
        case .protocolViolation(let what): return "the server broke the protocol: \(what)"
        }
    }
}
