import BesterClient

/// Chat through Bester's built-in `chat` handler (`Docs/chat.md` 2.3): each
/// call is a `chat` request with an `action`; events arrive as deliveries
/// of type `chat`.
final class BesterChatBackend: ChatBackend {
    let protocolName = "Bester"
    let username: String
    let events: AsyncStream<ChatBackendEvent>
    private let client: BesterClient

    /// Chat error codes the backend acts on (`Docs/chat.md` 2.3).
    private static let noSuchRoom = ErrorCode(rawValue: "noSuchRoom")
    private static let roomExists = ErrorCode(rawValue: "roomExists")

    /// Wraps a logged-in client (whose keep-alive pings keep a person who
    /// only reads from being taken for idle).
    init(client: BesterClient) {
        self.client = client
        username = client.username ?? ""
        events = .translating(client.events) { Self.translate($0) }
    }

    private static func translate(_ event: BesterClientEvent) -> ChatBackendEvent? {
        switch event {
        case .delivery(let delivery):
            return translate(delivery)
        case .notice(let notice):
            return .notice(notice.message)
        case .disconnected(let error):
            return .disconnected(error.description)
        case .response, .reconnected:
            return nil
        }
    }

    private static func translate(_ delivery: Delivery) -> ChatBackendEvent? {
        let data = delivery.data
        guard delivery.type == "chat", let event = data["event"]?.stringValue else {
            return .notice("\(delivery.from) sent a '\(delivery.type)' delivery: \(JSONSerializer.string(data))")
        }
        let room = data["room"]?.stringValue
        let text = data["text"]?.stringValue ?? ""
        let sentAt = data["sentAt"]?.int64Value
        switch event {
        case "message": return .message(room: room ?? "", from: delivery.from, text: text, sentAt: sentAt)
        case "whisper": return .whisper(from: delivery.from, text: text, sentAt: sentAt)
        case "joined": return .joined(room: room ?? "", user: data["username"]?.stringValue ?? delivery.from)
        case "left": return .left(room: room ?? "", user: data["username"]?.stringValue ?? delivery.from)
        case "renamed":
            guard let old = data["old"]?.stringValue, let new = data["new"]?.stringValue else { return nil }
            return .renamed(old: old, new: new)
        default: return .problem("unknown chat event '\(event)' from the server, skipped")
        }
    }

    func start() async throws(ChatBackendError) -> [String] {
        // The first `chat` request makes the connection take part in chat.
        try await rooms().filter { $0.isJoined == true }.map(\.name)
    }

    func join(_ room: String) async throws(ChatBackendError) -> String {
        do throws(BesterClientError) {
            do throws(BesterClientError) {
                return try await roomAction("join", room)
            } catch .rejected(let refusal) where refusal.error?.code == Self.noSuchRoom {
                do throws(BesterClientError) {
                    return try await roomAction("create", room)
                } catch .rejected(let refusal) where refusal.error?.code == Self.roomExists {
                    // Someone else created it meanwhile.
                    return try await roomAction("join", room)
                }
            }
        } catch {
            throw ChatBackendError(error.chatText)
        }
    }

    func leave(_ room: String) async throws(ChatBackendError) {
        _ = try await chat(["action": "leave", "room": .string(room)])
    }

    func focus(_ room: String) async throws(ChatBackendError) {}

    func say(_ text: String, in room: String) async throws(ChatBackendError) {
        _ = try await chat(["action": "message", "room": .string(room), "text": .string(text)])
    }

    func whisper(_ text: String, to user: String) async throws(ChatBackendError) -> WhisperReceipt {
        let receipt = try await chat(["action": "whisper", "to": .string(user), "text": .string(text)])
        return receipt["stored"]?.boolValue == true ? .stored : .delivered
    }

    func rooms() async throws(ChatBackendError) -> [ChatRoomSummary] {
        let listing = try await chat(["action": "rooms"])
        return (listing["rooms"]?.arrayValue ?? []).compactMap { room in
            guard let name = room["name"]?.stringValue else { return nil }
            return ChatRoomSummary(name: name, members: room["members"]?.intValue,
                                   isPrivate: room["private"]?.boolValue ?? false, isJoined: room["joined"]?.boolValue)
        }
    }

    func rename(to name: String) async throws(ChatBackendError) {
        throw ChatBackendError("a Bester account keeps its name; only ChatMaster guests can rename")
    }

    func close() async {
        await client.close()
    }

    /// A `chat` request; its response data, or the failure said for people.
    private func chat(_ data: JSONValue) async throws(ChatBackendError) -> JSONValue {
        do throws(BesterClientError) {
            return try await client.request("chat", data: data).data
        } catch {
            throw ChatBackendError(error.chatText)
        }
    }

    /// A request naming a room; returns the room's name as the server spells it.
    private func roomAction(_ action: String, _ room: String) async throws(BesterClientError) -> String {
        let response = try await client.request("chat", data: ["action": .string(action), "room": .string(room)])
        return response.data["room"]?.stringValue ?? room
    }
}
