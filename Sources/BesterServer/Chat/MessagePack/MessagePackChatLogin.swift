import BesterIO
import BesterProtocol

/// One login on a MessagePack chat connection, and the chat endpoint for
/// it: a connection that logs out and in again gets a new one, so nothing
/// meant for the earlier login reaches the later. Loop-confined.
final class MessagePackChatLogin: ChatEndpoint, @unchecked Sendable {
    let username: String
    /// The UUID the client must send with every request until logout.
    let token: String
    let showsOneRoom = false
    /// Written to directly; held strongly, not weakly through the session,
    /// because a weak reference makes every retain of the object it points
    /// to take the slow path, on every delivery. The connection lets go of
    /// its session (and so of this) when it closes.
    private let connection: Connection
    private var isActive = true
    private var gate = ChatBacklogGate<[UInt8]>(waitingForBacklog: true)

    init(username: String, token: String, connection: Connection) {
        self.username = username
        self.token = token
        self.connection = connection
    }

    var loop: EventLoop { connection.loop }

    /// Logged out: nothing more is written for this login.
    func end() { isActive = false }

    func receive(_ encodings: inout ChatEncodingCache) {
        guard isActive else { return }
        if gate.isClosed {
            if let bytes = encodings.messagePackBytes() { _ = gate.hold(bytes) }
        } else {
            encodings.withMessagePackBytes { connection.write($0) }
        }
    }

    func receiveBacklog(_ events: [ChatEvent]) {
        guard isActive else { return }
        for event in events {
            if let bytes = event.messagePackBytes { connection.write(bytes) }
        }
        for held in gate.open() { connection.write(held) }
    }
}
