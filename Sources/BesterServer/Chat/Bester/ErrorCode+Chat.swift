import BesterProtocol

/// The error codes of the `chat` handler's failures (beside the general
/// ones of `Docs/protocol.md` 3.1; see `Docs/chat.md`).
extension ErrorCode {
    /// No user of that name.
    static let noSuchUser = ErrorCode(rawValue: "noSuchUser")
    /// No room of that name.
    static let noSuchRoom = ErrorCode(rawValue: "noSuchRoom")
    /// create: the room exists.
    static let roomExists = ErrorCode(rawValue: "roomExists")
    /// The user is not a member of the room.
    static let notMember = ErrorCode(rawValue: "notMember")
    /// The room has as many members as allowed.
    static let roomFull = ErrorCode(rawValue: "roomFull")
    /// The user is in as many rooms as allowed.
    static let tooManyRooms = ErrorCode(rawValue: "tooManyRooms")
    /// The text is longer than allowed.
    static let messageTooLong = ErrorCode(rawValue: "messageTooLong")
    /// Allowed to nobody, or not to this user (making the default room private, ...).
    static let notAllowed = ErrorCode(rawValue: "notAllowed")
}

extension ErrorReport {
    /// How a chat failure is told to a Bester client.
    init(_ error: ChatError) {
        let code: ErrorCode
        switch error {
        case .notLoggedIn: code = .notAuthenticated
        case .invalidName: code = .validation
        case .nameTaken: code = .userExists
        case .noSuchUser: code = .noSuchUser
        case .noSuchRoom: code = .noSuchRoom
        case .roomExists: code = .roomExists
        case .notMember, .noCurrentRoom: code = .notMember
        case .roomFull: code = .roomFull
        case .tooManyRooms: code = .tooManyRooms
        case .messageTooLong: code = .messageTooLong
        case .flooding: code = .rateLimited
        case .defaultRoomIsPublic, .registeredCannotRename, .guestHasNoContacts, .isSelf, .contactIsGuest: code = .notAllowed
        case .storageFailed: code = .internal
        }
        self.init(code: code, message: error.description)
    }
}
