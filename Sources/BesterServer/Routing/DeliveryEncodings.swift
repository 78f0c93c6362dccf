import BesterProtocol
import Synchronization

/// One delivery and its encodings, made on first use per wire format and
/// shared by every recipient, on any loop: fan-out encodes once.
final class DeliveryEncodings: Sendable {
    /// What is delivered.
    let delivery: Delivery
    private let frames: Mutex<[String: [UInt8]]> = Mutex([:])

    init(_ delivery: Delivery) {
        self.delivery = delivery
    }

    /// The bytes for wire format `format`, encoded by `encode` the first time.
    func bytes(for format: String, encode: (Delivery) -> [UInt8]) -> [UInt8] {
        if let cached = frames.withLock({ $0[format] }) { return cached }
        let encoded = encode(delivery)
        frames.withLock { $0[format] = encoded }
        return encoded
    }

    /// The Bester frame for `dialect` (v2 and v2.1 share one shape).
    func besterFrame(for dialect: Dialect) -> [UInt8] {
        let format = dialect.hasPayloadEnvelope ? "bester-payload" : "bester-v3"
        return bytes(for: format) { ServerMessage.delivery($0).frame(in: dialect) }
    }
}
