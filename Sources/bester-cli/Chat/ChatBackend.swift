import BesterClient

/// One chat protocol seen the same way by the chat screen: Bester's `chat`
/// handler, MessagePack chat or ChatMaster (`Docs/chat-cli.md` lists what
/// each can do). Calls are made one at a time, in the order typed.
///
/// What a protocol cannot do throws a ``ChatBackendError`` saying so.
protocol ChatBackend: Sendable {
    /// The protocol's name for people ("Bester", "MessagePack chat", "ChatMaster").
    var protocolName: String { get }
    /// The name logged in with.
    var username: String { get }
    /// What the server sends unasked, until the connection ends.
    var events: AsyncStream<ChatBackendEvent> { get }

    /// Starts taking part in chat; returns the rooms the user is in.
    func start() async throws(ChatBackendError) -> [String]
    /// Joins `room`, creating it if it does not exist; returns its name as the server spells it.
    func join(_ room: String) async throws(ChatBackendError) -> String
    /// Leaves `room`.
    func leave(_ room: String) async throws(ChatBackendError)
    /// Makes `room`, which the user is in, the one typed text goes to.
    func focus(_ room: String) async throws(ChatBackendError)
    /// Says `text` in `room`.
    func say(_ text: String, in room: String) async throws(ChatBackendError)
    /// Sends `user` a private message.
    func whisper(_ text: String, to user: String) async throws(ChatBackendError) -> WhisperReceipt
    /// The rooms on the server.
    func rooms() async throws(ChatBackendError) -> [ChatRoomSummary]
    /// Changes nickname.
    func rename(to name: String) async throws(ChatBackendError)
    /// Closes the connection once what was sent is on its way.
    func close() async
}

/// Why a chat call failed, said for people: what was wrong, not how.
struct ChatBackendError: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// What became of a private message the server accepted.
enum WhisperReceipt: Equatable, Sendable {
    /// The recipient is online and has it.
    case delivered
    /// The recipient is offline; it waits for their next login.
    case stored
    /// Accepted; the protocol does not say which of the two.
    case accepted
}

/// A room as a room list shows it; what the protocol does not tell is nil.
struct ChatRoomSummary: Equatable, Sendable {
    var name: String
    var members: Int?
    var isPrivate = false
    var isJoined: Bool?
}

/// What a chat server sends unasked, the same for every protocol.
enum ChatBackendEvent: Equatable, Sendable {
    /// A line in a room (nil: the current one, on ChatMaster); `sentAt` is
    /// set for messages stored while the user was offline (Unix milliseconds).
    case message(room: String?, from: String, text: String, sentAt: Int64?)
    /// A private message.
    case whisper(from: String, text: String, sentAt: Int64?)
    /// Someone became present in a room (nil: the current one).
    case joined(room: String?, user: String)
    /// Someone stopped being present in a room (nil: the current one).
    case left(room: String?, user: String)
    /// Someone changed nickname.
    case renamed(old: String, new: String)
    /// The server said something on its own (it is stopping, ...).
    case notice(String)
    /// Something failed that no call waited for (a refused ChatMaster line, ...).
    case problem(String)
    /// The connection ended; the last event.
    case disconnected(String)
}

extension AsyncStream where Element == ChatBackendEvent {
    /// A client's events as the chat screen sees them: each translated
    /// (nil: nothing to show); `onEnd` runs when the client's events end,
    /// before this stream does.
    static func translating<Event: Sendable>(_ source: ClientEvents<Event>, onEnd: @escaping @Sendable () -> Void = {},
                                             _ translate: @escaping @Sendable (Event) -> ChatBackendEvent?) -> Self {
        let (events, sink) = makeStream()
        Task {
            for await event in source {
                if let translated = translate(event) { sink.yield(translated) }
            }
            onEnd()
            sink.finish()
        }
        return events
    }
}
