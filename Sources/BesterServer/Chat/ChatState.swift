import BesterIO

/// Everything the chat service knows, held behind its one lock: users,
/// rooms, sessions. Methods (in the extensions named for each concept) run
/// under that lock, decide, post events to the loops' outboxes and submit
/// storage work, both in the order decided; they never wait.
struct ChatState {
    /// What the service knows about one session.
    struct Session {
        var userKey: String
        /// For sessions that show one room (ChatMaster): its key, if any.
        var currentRoom: String?
    }

    let configuration: ChatConfiguration
    let floodControl: FloodControl
    let store: ChatStore
    let outboxes: [ChatOutbox]
    var users: [String: ChatUser] = [:]
    var rooms: [String: ChatRoom] = [:]
    var sessions: [ObjectIdentifier: Session] = [:]
    /// Bester sessions taking part in chat, by the Bester session.
    var besterEndpoints: [ObjectIdentifier: BesterChatEndpoint] = [:]

    init(configuration: ChatConfiguration, store: ChatStore, outboxes: [ChatOutbox]) {
        self.configuration = configuration
        self.floodControl = FloodControl(perSecond: configuration.messagesPerSecond)
        self.store = store
        self.outboxes = outboxes
    }

    /// The user and session state of a logged-in endpoint.
    func session(of endpoint: any ChatEndpoint) -> (Session, ChatUser)? {
        guard let session = sessions[ObjectIdentifier(endpoint)], let user = users[session.userKey] else { return nil }
        return (session, user)
    }

    /// Public rooms, sorted by name ignoring case.
    var publicRoomNames: [String] {
        rooms.values.filter { !$0.isPrivate }.map(\.name).sorted { ($0.asciiCaseFolded, $0) < ($1.asciiCaseFolded, $1) }
    }

    /// The room `name` (nil: the session's current room), of which `user` must be a member.
    func memberRoom(_ name: String?, of session: Session, user: ChatUser) throws(ChatError) -> ChatRoom {
        guard let key = name.map(ChatNames.key) ?? session.currentRoom else { throw .noCurrentRoom }
        guard let room = rooms[key] else { throw .noSuchRoom(name ?? key) }
        guard room.isMember(user.key) else { throw .notMember(room.name) }
        return room
    }

    /// Submits storage work whose success answers `value`: with a
    /// `completion`, the reply waits for the database; without one, it is `value` now.
    func persist<T: Sendable, Value: Sendable>(_ operation: String, _ work: @escaping @Sendable (SQLiteConnection) throws -> T,
                                               answering value: Value, completion: ChatCompletion<Value>?) -> ChatReply<Value> {
        guard let completion else {
            store.submit(operation, work)
            return .now(.success(value))
        }
        store.submit(operation, work) { result in completion(result.map { _ in value }) }
        return .later
    }

    // MARK: Posting events

    /// Sends `event` to every session hearing `room`, except `excluded`.
    func post(_ event: ChatEvent, toListenersOf room: ChatRoom, excluding excluded: (any ChatEndpoint)? = nil) {
        let exclusion = excluded.map { ObjectIdentifier($0) }
        for (index, recipients) in room.listenersGroupedByLoop.enumerated() where !recipients.isEmpty {
            outboxes[index].post(ChatOutbox.Item(event: event, recipients: recipients, excluded: exclusion))
        }
    }

    /// Sends `event` to `endpoints`, one queue entry per loop.
    func post(_ event: ChatEvent, to endpoints: some Sequence<any ChatEndpoint>) {
        var byLoop: [Int: [any ChatEndpoint]] = [:]
        for endpoint in endpoints { byLoop[endpoint.loop.index, default: []].append(endpoint) }
        for (index, recipients) in byLoop {
            outboxes[index].post(ChatOutbox.Item(event: event, recipients: recipients, excluded: nil))
        }
    }
}

/// An answer from the chat service: ready now, or coming later (once the
/// database has committed) through the completion that was passed along.
enum ChatReply<Value: Sendable>: Sendable {
    case now(Result<Value, ChatError>)
    case later
}

/// How the chat service answers when the answer waits on the database.
typealias ChatCompletion<Value> = @Sendable (Result<Value, ChatError>) -> Void

