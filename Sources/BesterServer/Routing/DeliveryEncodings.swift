import BesterProtocol
import Synchronization

/// One delivery and its Bester frames, each made on first use and shared by
/// every recipient, on any loop: fan-out encodes once per shape.
final class DeliveryEncodings: Sendable {
    /// What is delivered.
    let delivery: Delivery
    /// The frame v2 and v2.1 share, and the v3 frame.
    private let frames = Mutex<(payloadEnvelope: [UInt8]?, v3: [UInt8]?)>((nil, nil))

    init(_ delivery: Delivery) {
        self.delivery = delivery
    }

    /// The Bester frame for `dialect` (v2 and v2.1 share one shape).
    func besterFrame(for dialect: Dialect) -> [UInt8] {
        let shared = dialect.hasPayloadEnvelope
        if let cached = frames.withLock({ shared ? $0.payloadEnvelope : $0.v3 }) { return cached }
        // Encoded outside the lock: two loops racing both encode, and either result serves.
        let encoded = ServerMessage.delivery(delivery).frame(in: dialect)
        frames.withLock { if shared { $0.payloadEnvelope = encoded } else { $0.v3 = encoded } }
        return encoded
    }
}
