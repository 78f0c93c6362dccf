import BesterProtocol
@testable import BesterServer
import Testing

/// Fan-out encodes a delivery once per shape and every recipient shares it.
@Suite struct DeliveryEncodingsTests {
    @Test func eachShapeIsEncodedOnceAndShared() {
        let delivery = Delivery(type: "chat", from: "alice", data: ["text": "hi"])
        let encodings = DeliveryEncodings(delivery)
        let v2 = encodings.besterFrame(for: .v2)
        let v21 = encodings.besterFrame(for: .v2_1)
        let v3 = encodings.besterFrame(for: .v3)
        #expect(v2 == ServerMessage.delivery(delivery).frame(in: .v2))
        #expect(v3 == ServerMessage.delivery(delivery).frame(in: .v3))
        #expect(v3 != v2)
        // v2 and v2.1 recipients share one encoding: the very same storage.
        #expect(v2.withUnsafeBufferPointer(\.baseAddress) == v21.withUnsafeBufferPointer(\.baseAddress))
        #expect(encodings.besterFrame(for: .v3).withUnsafeBufferPointer(\.baseAddress) == v3.withUnsafeBufferPointer(\.baseAddress))
    }
}
