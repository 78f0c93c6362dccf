/// Why the chat service refused an operation. The description is the
/// reason every protocol shows (a MessagePack failure response, a ChatMaster
/// error's `message`, a Bester error's `message`).
enum ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session is not logged in to chat.
    case notLoggedIn
    /// A room name or nickname breaks the rules; `reason` says which.
    case invalidName(String)
    /// The nickname belongs to a registered account or to someone online.
    case nameTaken(String, registered: Bool)
    /// No user of that name (not registered, not online).
    case noSuchUser(String)
    /// No room of that name.
    case noSuchRoom(String)
    /// create: the room exists already.
    case roomExists(String)
    /// The user is not a member of the room.
    case notMember(String)
    /// A ChatMaster session that left its channel has none to speak in.
    case noCurrentRoom
    /// The room has `limit` members already.
    case roomFull(String, limit: Int)
    /// The user is in `limit` rooms already.
    case tooManyRooms(limit: Int)
    /// The text has `bytes` bytes, more than `limit`.
    case messageTooLong(bytes: Int, limit: Int)
    /// Flood control: more than `perSecond` messages in a second.
    case flooding(perSecond: Int)
    /// The default room stays public.
    case defaultRoomIsPublic
    /// Registered users keep their account's name.
    case registeredCannotRename
    /// Guests have no contact list (and no offline messages).
    case guestHasNoContacts
    /// Whispering to, or adding as a contact, oneself.
    case isSelf
    /// A contact must be a registered user.
    case contactIsGuest(String)
    /// The database failed; the details are logged.
    case storageFailed

    var description: String {
        switch self {
        case .notLoggedIn: return "not logged in; log in first"
        case .invalidName(let reason): return reason
        case let .nameTaken(name, registered):
            return registered
                ? "Username is already taken: '\(name)' is a registered account (log in with its password)."
                : "Username is already taken: '\(name)' is online."
        case .noSuchUser(let name): return "no such user: '\(name)'"
        case .noSuchRoom(let name): return "no such room: '\(name)'"
        case .roomExists(let name): return "room '\(name)' exists already; join it instead"
        case .notMember(let name): return "not a member of room '\(name)'; join it first"
        case .noCurrentRoom: return "you are in no channel; join one first"
        case let .roomFull(name, limit): return "room '\(name)' is full (\(limit) members)"
        case .tooManyRooms(let limit): return "you are in \(limit) rooms, the most allowed; leave one first"
        case let .messageTooLong(bytes, limit): return "message is \(bytes) bytes; the most allowed is \(limit)"
        case .flooding(let perSecond): return "flood control: at most \(perSecond) messages per second; slow down"
        case .defaultRoomIsPublic: return "Channel cannot be set to private: '\(ChatConfiguration.defaultRoom)' stays public."
        case .registeredCannotRename: return "registered users keep their account's name; only guests can rename"
        case .guestHasNoContacts: return "guests have no contact list; log in to a registered account"
        case .isSelf: return "that is you"
        case .contactIsGuest(let name): return "'\(name)' is a guest; contacts are registered users"
        case .storageFailed: return "the server could not store this; try again (the error is logged)"
        }
    }
}
