import BesterIO
import BesterProtocol

/// One login on a MessagePack chat connection, and the chat endpoint for
/// it: a connection that logs out and in again gets a new one, so nothing
/// meant for the earlier login reaches the later. Loop-confined.
final class MessagePackChatLogin: ChatEndpoint, @unchecked Sendable {
    let username: String
    /// The UUID the client must send with every request until logout.
    let token: String
    let loop: EventLoop
    let showsOneRoom = false
    private weak var session: MessagePackChatSession?
    private var isActive = true
    private var gate = ChatBacklogGate<[UInt8]>(waitingForBacklog: true)

    init(username: String, token: String, session: MessagePackChatSession) {
        self.username = username
        self.token = token
        self.loop = session.loop
        self.session = session
    }

    /// Logged out: nothing more is written for this login.
    func end() { isActive = false }

    func receive(_ encodings: inout ChatEncodingCache) {
        guard isActive, let bytes = encodings.messagePackBytes() else { return }
        if !gate.hold(bytes) { session?.write(bytes) }
    }

    func receiveBacklog(_ events: [ChatEvent]) {
        guard isActive else { return }
        for event in events {
            if let bytes = event.messagePackBytes { session?.write(bytes) }
        }
        for held in gate.open() { session?.write(held) }
    }
}
