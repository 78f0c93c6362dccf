/// `header.messageType`: tells a response from a delivery or a notice.
public enum MessageType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The response to one of the client's requests.
    case statusReport
    /// Data a handler routed to this client.
    case receivedMessage
    /// The server speaking on its own (shutdown, timeout, ...).
    case notice

    public var description: String { rawValue }
}
