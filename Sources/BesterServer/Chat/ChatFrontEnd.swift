import BesterIO
import BesterProtocol

/// The chat front-ends that have listeners of their own. Their connections
/// are accepted like Bester's (``ServerContext/accept(_:protocolName:refusal:makeSession:)``:
/// connection limit, spread over the loops, timeout sweeps, shutdown).
enum ChatFrontEnd: String, Sendable {
    /// ChatMaster (`004`), JSON lines; TCP 9000 by default.
    case chatMaster = "chatmaster"
    /// MessagePack chat (`003`); TCP 9001 by default.
    case messagePack = "msgpack-chat"

    /// Binds `configured` on the server's first loop and starts accepting.
    func listen(on configured: ChatListenerConfiguration, context: ServerContext) async throws -> Listener {
        let frontEnd = self
        return try await context.listen(on: configured, protocolName: rawValue, refusal: { frontEnd.refusal($0) },
                                        makeSession: { connection in frontEnd.makeSession(connection, context: context, settings: configured) })
    }

    private func makeSession(_ connection: Connection, context: ServerContext,
                             settings: ChatListenerConfiguration) -> any ConnectionHandler & ManagedSession {
        switch self {
        case .chatMaster: return ChatMasterSession(connection: connection, server: context, settings: settings)
        case .messagePack: return MessagePackChatSession(connection: connection, server: context, settings: settings)
        }
    }

    /// What a connection refused (server full or stopping) is told before it is closed.
    private func refusal(_ reason: String) -> [UInt8] {
        switch self {
        case .chatMaster: return ChatMasterPackage.error(ChatMasterErrorReport(errorType: "session", message: reason)).encodedLine()
        case .messagePack: return MessagePackChatResponse.failure(reason).encoded()
        }
    }
}
