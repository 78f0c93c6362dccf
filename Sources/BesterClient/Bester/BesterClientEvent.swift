import BesterProtocol

/// What a ``BesterClient``'s connection brings that no call awaits.
public enum BesterClientEvent: Sendable, Equatable {
    /// Data a handler routed to this user.
    case delivery(Delivery)
    /// The server speaking on its own (shutdown, idle timeout, ...).
    case notice(Notice)
    /// A response no ``BesterClient/request(_:data:id:timeout:)`` awaits:
    /// the answer to a ``BesterClient/send(_:data:id:)``, or one that came
    /// after its request timed out or was cancelled.
    case response(Response)
    /// The connection was lost. With a ``ReconnectPolicy`` the client now
    /// reconnects (``reconnected`` follows, or the events end); without one,
    /// this is the last event.
    case disconnected(BesterClientError)
    /// Connected and logged in again after ``disconnected(_:)``.
    case reconnected
}
