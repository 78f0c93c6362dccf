/// The request actions of the MessagePack chat protocol (`003`), spelled as
/// on the wire.
public enum MessagePackChatAction: String, Sendable, Hashable, CaseIterable {
    /// Create an account: `username`, `password`.
    case register
    /// Start a session: `username`, `password`; answered with a token.
    case login
    /// End the session: `username`, optionally `token`.
    case logout
    /// Add `contact` to the user's contact list.
    case addContact = "add_contact"
    /// Send `content` to one `recipient`.
    case whisper
    /// Create the group (room) `group_name`.
    case createGroup = "create_group"
    /// Join the group (room) `group_name`.
    case joinGroup = "join_group"
    /// Send `content` to every member of `group_name`.
    case msgGroup = "msg_group"

    /// The names of the arguments after the action, in order; each is a str.
    public var argumentNames: [String] {
        switch self {
        case .register, .login: return Self.credentials
        case .logout: return Self.session
        case .addContact: return Self.contact
        case .whisper: return Self.directMessage
        case .createGroup, .joinGroup: return Self.group
        case .msgGroup: return Self.groupMessage
        }
    }

    // Shared constants, so that reading the names on every request allocates nothing.
    private static let credentials = ["username", "password"]
    private static let session = ["username", "token"]
    private static let contact = ["username", "token", "contact"]
    private static let directMessage = ["username", "token", "recipient", "content"]
    private static let group = ["username", "token", "group_name"]
    private static let groupMessage = ["username", "token", "group_name", "content"]

    /// "whisper takes username, token, recipient, content", for error messages.
    var usage: String { "\(rawValue) takes " + argumentNames.joined(separator: ", ") }

    /// The action spelled `name` on the wire, or nil. Every action name has
    /// a different length, so one comparison decides (the synthesized
    /// `init(rawValue:)` compares against each case in turn).
    public init?(wireName name: String) {
        let candidate: MessagePackChatAction
        switch name.utf8.count {
        case 5: candidate = .login
        case 6: candidate = .logout
        case 7: candidate = .whisper
        case 8: candidate = .register
        case 9: candidate = .msgGroup
        case 10: candidate = .joinGroup
        case 11: candidate = .addContact
        case 12: candidate = .createGroup
        default: return nil
        }
        guard name == candidate.rawValue else { return nil }
        self = candidate
    }
}
