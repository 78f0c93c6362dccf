import BesterIO
import BesterProtocol

/// A Bester session taking part in chat: events reach it as Bester
/// deliveries of type `chat`, in the session's dialect. Made by the `chat`
/// handler on the session's first chat request.
final class BesterChatEndpoint: ChatEndpoint, @unchecked Sendable {
    /// The Bester session.
    let session: any DeliveryTarget
    let showsOneRoom = false
    /// Loop-confined, like the session.
    private var gate = ChatBacklogGate<DeliveryEncodings>(waitingForBacklog: true)

    init(session: any DeliveryTarget) {
        self.session = session
    }

    var loop: EventLoop { session.loop }

    func receive(_ encodings: inout ChatEncodingCache) {
        let delivery = encodings.besterEncodings()
        if !gate.hold(delivery) { session.deliver(delivery) }
    }

    func receiveBacklog(_ events: [ChatEvent]) {
        for event in events { session.deliver(event.besterEncodings) }
        for held in gate.open() { session.deliver(held) }
    }
}
