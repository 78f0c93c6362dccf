import BesterIO

/// A connection the server keeps track of, whatever its protocol: swept for
/// timeouts and told about shutdown.
protocol ManagedSession: AnyObject {
    /// The connection served.
    var connection: Connection { get }
    /// Closes the session if a handshake or idle timeout has passed.
    func checkTimeouts(now: UInt64)
    /// Tells the client the server is stopping; closes once nothing is in flight.
    func beginShutdown()
}
