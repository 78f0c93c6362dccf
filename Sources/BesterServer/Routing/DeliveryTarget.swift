import BesterIO
import BesterProtocol

/// A logged-in connection that deliveries can reach. Bester sessions are
/// targets; front-ends of other protocols can be too, each writing a
/// ``Delivery`` in its own wire format.
protocol DeliveryTarget: AnyObject, Sendable {
    /// The loop the target lives on; ``deliver(_:)`` is called there.
    var loop: EventLoop { get }
    /// Writes the delivery, using `encodings` so each wire format is
    /// encoded once however many recipients share it.
    func deliver(_ encodings: DeliveryEncodings)
    /// The user it is logged in as, while it is open; nil after a logout
    /// and once it is closing. Read on its loop.
    var liveUsername: String? { get }
}
