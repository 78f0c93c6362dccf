import BesterClient

/// Chat over the MessagePack chat protocol (`003`, `Docs/msgpack-chat.md`).
/// It has groups and whispers but no leaving, no room list, no renaming
/// and no presence: those calls say so.
final class MessagePackChatBackend: ChatBackend {
    let protocolName = "MessagePack chat"
    let username: String
    let events: AsyncStream<ChatBackendEvent>
    private let client: MessagePackChatClient

    /// Wraps a logged-in client.
    init(client: MessagePackChatClient) {
        self.client = client
        username = client.username ?? ""
        events = .translating(client.events) { Self.translate($0) }
    }

    private static func translate(_ event: MessagePackChatClientEvent) -> ChatBackendEvent {
        switch event {
        case .update(.msgGroup(let group, let sender, let content)):
            return .message(room: group, from: sender, text: content, sentAt: nil)
        case .update(.whisper(let sender, let content)):
            return .whisper(from: sender, text: content, sentAt: nil)
        case .unreadable(let reason):
            return .problem("skipped an update this client cannot read: \(reason)")
        case .disconnected(let error):
            return .disconnected(error.description)
        }
    }

    func start() async throws(ChatBackendError) -> [String] {
        // Every login joins general; 003 has no way to list the others.
        ["general"]
    }

    func join(_ room: String) async throws(ChatBackendError) -> String {
        do throws(ChatClientError) {
            do throws(ChatClientError) {
                try await client.joinGroup(room)
            } catch .rejected(let reason) where reason.hasPrefix("no such room") {
                do throws(ChatClientError) {
                    try await client.createGroup(room)
                } catch .rejected(let reason) where reason.hasPrefix("room '") && reason.contains("exists already") {
                    // Someone else created it meanwhile.
                    try await client.joinGroup(room)
                }
            }
        } catch {
            throw ChatBackendError(error.description)
        }
        return room
    }

    func leave(_ room: String) async throws(ChatBackendError) {
        throw ChatBackendError("leaving a room is not part of the MessagePack chat protocol")
    }

    func focus(_ room: String) async throws(ChatBackendError) {}

    func say(_ text: String, in room: String) async throws(ChatBackendError) {
        do throws(ChatClientError) {
            try await client.messageGroup(room, content: text)
        } catch {
            throw ChatBackendError(error.description)
        }
    }

    func whisper(_ text: String, to user: String) async throws(ChatBackendError) -> WhisperReceipt {
        do throws(ChatClientError) {
            try await client.whisper(to: user, content: text)
        } catch {
            throw ChatBackendError(error.description)
        }
        return .accepted
    }

    func rooms() async throws(ChatBackendError) -> [ChatRoomSummary] {
        throw ChatBackendError("listing rooms is not part of the MessagePack chat protocol")
    }

    func rename(to name: String) async throws(ChatBackendError) {
        throw ChatBackendError("renaming is not part of the MessagePack chat protocol")
    }

    func close() async {
        await client.close()
    }
}
