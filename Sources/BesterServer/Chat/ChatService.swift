import BesterIO
import Synchronization

/// The chat service: one model of users, rooms, direct messages, contacts
/// and offline delivery, shared by the three front-ends (ChatMaster,
/// MessagePack chat, and Bester's `chat` handler), so a ChatMaster channel
/// and a MessagePack group of the same name are one room.
///
/// Sessions live on different event loops; the state is behind one lock,
/// taken briefly by each call (from any loop). Events go out through one
/// ``ChatOutbox`` per loop, in the order decided under the lock; storage
/// goes through the ``ChatStore`` queue, in that same order.
///
/// Each call either answers at once (the completion runs before the call
/// returns, on the caller's thread) or once the database has committed (the
/// completion runs on the store's queue; callers hop back to their loop).
final class ChatService: Sendable {
    let store: ChatStore
    private let state: Mutex<ChatState>

    /// Loads rooms and memberships from `database` (synchronously: at startup).
    init(configuration: ChatConfiguration, database: SQLiteDatabase, loops: [EventLoop], logger: Logger) throws {
        store = ChatStore(database: database, logger: logger)
        var state = ChatState(configuration: configuration, store: store, outboxes: loops.map(ChatOutbox.init))
        state.load(try database.transaction { try ChatStoreOperations.loadRooms($0) })
        self.state = Mutex(state)
    }

    // MARK: Sessions

    /// Logs a session in; see ``ChatState/connect(_:as:isGuest:)``.
    func connect(_ endpoint: any ChatEndpoint, as name: String, isGuest: Bool) -> Result<ChatState.Connected, ChatError> {
        state.withLock { $0.connect(endpoint, as: name, isGuest: isGuest) }
    }

    /// Logs a session out (any number of times).
    func disconnect(_ endpoint: any ChatEndpoint) {
        state.withLock { $0.disconnect(endpoint) }
    }

    /// Checks that a guest may take the nickname `name`: it follows the
    /// rules, nobody online has it, and no registered account has it (that
    /// last check reads the database, so the answer may come later).
    func checkNickname(_ name: String, completion: @escaping ChatCompletion<Void>) {
        do { try ChatNames.validateNickname(name) } catch {
            completion(.failure(error))
            return
        }
        let holder: ChatError? = state.withLock { state in
            state.users[ChatNames.key(name)].map { ChatError.nameTaken($0.name, registered: !$0.isGuest) }
        }
        if let holder {
            completion(.failure(holder))
            return
        }
        store.submit("look up account", ChatStoreOperations.accountName(name)) { result in
            completion(result.flatMap { registered in registered.map { .failure(.nameTaken($0, registered: true)) } ?? .success(()) })
        }
    }

    /// True when a guest online has the name `name` (so it cannot be registered now).
    func isGuestOnline(_ name: String) -> Bool {
        state.withLock { $0.users[ChatNames.key(name)]?.isGuest ?? false }
    }

    /// A guest changes nickname (check it with ``checkNickname(_:completion:)`` first).
    func rename(_ endpoint: any ChatEndpoint, to name: String) -> Result<Void, ChatError> {
        state.withLock { $0.rename(endpoint, to: name) }
    }

    // MARK: Rooms

    /// Joins (or creates) a room.
    func join(_ room: String, by endpoint: any ChatEndpoint, creating: ChatState.RoomCreation, makeCurrent: Bool,
              isPrivate: Bool = false, completion: @escaping ChatCompletion<ChatState.Joined>) {
        answer(state.withLock {
            $0.join(room, by: endpoint, creating: creating, makeCurrent: makeCurrent, isPrivate: isPrivate, completion: completion)
        }, completion)
    }

    /// Joins (or creates) a room without waiting for storage.
    func join(_ room: String, by endpoint: any ChatEndpoint, creating: ChatState.RoomCreation,
              makeCurrent: Bool) -> Result<ChatState.Joined, ChatError> {
        immediate(state.withLock { $0.join(room, by: endpoint, creating: creating, makeCurrent: makeCurrent) })
    }

    /// Leaves a room (nil: the current room); answers with its name.
    func leave(_ room: String?, by endpoint: any ChatEndpoint, completion: @escaping ChatCompletion<String>) {
        answer(state.withLock { $0.leave(room, by: endpoint, completion: completion) }, completion)
    }

    /// Leaves a room without waiting for storage.
    func leave(_ room: String?, by endpoint: any ChatEndpoint) -> Result<String, ChatError> {
        immediate(state.withLock { $0.leave(room, by: endpoint) })
    }

    /// Makes a room (nil: the current room) private or public; answers with its name.
    func setPrivate(_ isPrivate: Bool, room: String?, by endpoint: any ChatEndpoint, completion: @escaping ChatCompletion<String>) {
        answer(state.withLock { $0.setPrivate(isPrivate, room: room, by: endpoint, completion: completion) }, completion)
    }

    /// Makes a room private or public without waiting for storage.
    func setPrivate(_ isPrivate: Bool, room: String?, by endpoint: any ChatEndpoint) -> Result<String, ChatError> {
        immediate(state.withLock { $0.setPrivate(isPrivate, room: room, by: endpoint) })
    }

    /// Public rooms, sorted.
    var publicRooms: [String] { state.withLock { $0.publicRoomNames } }

    /// A room as a user sees it in a list.
    struct RoomSummary: Sendable, Equatable {
        let name: String
        let memberCount: Int
        let isPrivate: Bool
        let isMember: Bool
    }

    /// Public rooms and the private rooms `endpoint`'s user is in, sorted.
    func rooms(seenBy endpoint: any ChatEndpoint) -> [RoomSummary] {
        state.withLock { state in
            let userKey = state.sessions[ObjectIdentifier(endpoint)]?.userKey
            return state.rooms.values
                .filter { room in !room.isPrivate || userKey.map(room.isMember) == true }
                .map { room in
                    RoomSummary(name: room.name, memberCount: room.memberCount, isPrivate: room.isPrivate,
                                isMember: userKey.map(room.isMember) == true)
                }
                .sorted { ($0.name.asciiCaseFolded, $0.name) < ($1.name.asciiCaseFolded, $1.name) }
        }
    }

    // MARK: Messages

    /// Sends to a room (nil: the current room).
    func say(_ text: String, in room: String?, by endpoint: any ChatEndpoint, completion: @escaping ChatCompletion<Void>) {
        let now = MonotonicClock.now()
        answer(state.withLock { $0.say(text, in: room, by: endpoint, now: now, completion: completion) }, completion)
    }

    /// Sends to a room without waiting for storage.
    func say(_ text: String, in room: String?, by endpoint: any ChatEndpoint) -> Result<Void, ChatError> {
        let now = MonotonicClock.now()
        return immediate(state.withLock { $0.say(text, in: room, by: endpoint, now: now) })
    }

    /// Sends to one user.
    func whisper(_ text: String, to recipient: String, by endpoint: any ChatEndpoint,
                 completion: @escaping ChatCompletion<ChatState.WhisperDelivery>) {
        let now = MonotonicClock.now()
        answer(state.withLock { $0.whisper(text, to: recipient, by: endpoint, now: now, completion: completion) }, completion)
    }

    // MARK: Contacts

    /// Adds `contact` (a registered user) to the contact list of `endpoint`'s user.
    func addContact(_ contact: String, by endpoint: any ChatEndpoint, completion: @escaping ChatCompletion<Void>) {
        let owner: Result<String, ChatError> = state.withLock { state in
            guard let (_, user) = state.session(of: endpoint) else { return .failure(.notLoggedIn) }
            guard !user.isGuest else { return .failure(.guestHasNoContacts) }
            guard ChatNames.key(contact) != user.key else { return .failure(.isSelf) }
            if let known = state.users[ChatNames.key(contact)], known.isGuest { return .failure(.contactIsGuest(known.name)) }
            return .success(user.name)
        }
        switch owner {
        case .failure(let error): completion(.failure(error))
        case .success(let owner): store.submit("add contact", ChatStoreOperations.addContact(owner: owner, contact: contact), then: completion)
        }
    }

    /// A contact and whether they are online.
    struct Contact: Sendable, Equatable {
        let name: String
        let isOnline: Bool
    }

    /// The contact list of `endpoint`'s user (read from the database).
    func contacts(of endpoint: any ChatEndpoint, completion: @escaping ChatCompletion<[Contact]>) {
        let owner: Result<String, ChatError> = state.withLock { state in
            guard let (_, user) = state.session(of: endpoint) else { return .failure(.notLoggedIn) }
            return user.isGuest ? .failure(.guestHasNoContacts) : .success(user.name)
        }
        switch owner {
        case .failure(let error): completion(.failure(error))
        case .success(let owner):
            store.submit("read contacts", ChatStoreOperations.contacts(of: owner)) { [self] result in
                completion(result.map { names in
                    state.withLock { state in
                        names.map { Contact(name: $0, isOnline: state.users[ChatNames.key($0)]?.isOnline ?? false) }
                    }
                })
            }
        }
    }

    // MARK: Bester sessions

    /// The chat endpoint of a Bester session, logging it in as `username`
    /// on first use (a Bester connection takes part in chat from its first
    /// `chat` request until it logs out or closes). Called on the session's
    /// loop.
    func besterEndpoint(for session: any DeliveryTarget, username: String) -> Result<BesterChatEndpoint, ChatError> {
        // A request that waited for another handler may arrive after its
        // sender logged out, logged in as someone else, or closed: each of
        // those ended the session's chat, which must not start again.
        guard session.liveUsername == username else { return .failure(.notLoggedIn) }
        let id = ObjectIdentifier(session)
        return state.withLock { state in
            if let existing = state.besterEndpoints[id] { return .success(existing) }
            let endpoint = BesterChatEndpoint(session: session)
            return state.connect(endpoint, as: username, isGuest: false).map { _ in
                state.besterEndpoints[id] = endpoint
                return endpoint
            }
        }
    }

    /// A Bester session logged out or closed: it leaves chat, if it was in.
    func endBesterSession(_ session: any DeliveryTarget) {
        state.withLock { state in
            guard let endpoint = state.besterEndpoints.removeValue(forKey: ObjectIdentifier(session)) else { return }
            state.disconnect(endpoint)
        }
    }

    // MARK: Shutdown

    /// Waits until everything submitted to the database is written.
    func flush() async {
        await store.drained()
    }

    // MARK: Answers

    private func answer<Value>(_ reply: ChatReply<Value>, _ completion: ChatCompletion<Value>) {
        if case .now(let result) = reply { completion(result) }
    }

    /// The result of a call made without a completion, which always answers now.
    private func immediate<Value>(_ reply: ChatReply<Value>) -> Result<Value, ChatError> {
        if case .now(let result) = reply { return result }
        return .failure(.storageFailed)
    }
}
