import BesterProtocol

/// A request to the built-in `chat` handler: `payload.data` is an object
/// whose `action` names the operation.
///
/// ```json
/// {"action":"rooms"}
/// {"action":"create","room":"rust","private":false}
/// {"action":"join","room":"rust"}
/// {"action":"leave","room":"rust"}
/// {"action":"message","room":"rust","text":"hello all"}
/// {"action":"whisper","to":"bob","text":"hi bob"}
/// {"action":"private","room":"rust"}
/// {"action":"public","room":"rust"}
/// {"action":"addContact","contact":"bob"}
/// {"action":"contacts"}
/// ```
enum BesterChatRequest: Sendable, Equatable {
    case rooms
    case create(room: String, isPrivate: Bool)
    case join(room: String)
    case leave(room: String)
    case message(room: String, text: String)
    case whisper(to: String, text: String)
    case setPrivate(room: String, isPrivate: Bool)
    case addContact(String)
    case contacts

    /// The action names, as on the wire.
    static let actions = ["rooms", "create", "join", "leave", "message", "whisper", "private", "public", "addContact", "contacts"]

    /// Validates `payload.data`; errors name the JSON path.
    init(_ data: JSONValue) throws(ErrorReport) {
        guard case .object(let object) = data else {
            throw .validation(at: "payload.data", "must be an object with an action, got \(data.kindName)")
        }
        func string(_ key: String) throws(ErrorReport) -> String {
            guard let value = object[key] else {
                throw .validation(at: "payload.data.\(key)", "is required")
            }
            guard case .string(let text) = value else {
                throw .validation(at: "payload.data.\(key)", "must be a string, got \(value.kindName)")
            }
            return text
        }
        let action = try string("action")
        switch action {
        case "rooms": self = .rooms
        case "create":
            let isPrivate: Bool
            switch object["private"] {
            case nil: isPrivate = false
            case .bool(let flag)?: isPrivate = flag
            case let other?:
                throw .validation(at: "payload.data.private", "must be true or false, got \(other.kindName)")
            }
            self = .create(room: try string("room"), isPrivate: isPrivate)
        case "join": self = .join(room: try string("room"))
        case "leave": self = .leave(room: try string("room"))
        case "message": self = .message(room: try string("room"), text: try string("text"))
        case "whisper": self = .whisper(to: try string("to"), text: try string("text"))
        case "private", "public": self = .setPrivate(room: try string("room"), isPrivate: action == "private")
        case "addContact": self = .addContact(try string("contact"))
        case "contacts": self = .contacts
        default:
            let known = Self.actions.map { "\"\($0)\"" }.joined(separator: ", ")
            throw .validation(at: "payload.data.action", "must be one of \(known), got \"\(action)\"")
        }
    }
}
