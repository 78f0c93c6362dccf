/// A request from a MessagePack chat client (`003`): `[action, arguments...]`,
/// every argument a str.
///
/// ```swift
/// let request = try MessagePackChatRequest(value)   // value from a MessagePackStreamDecoder
/// ```
///
/// Name rules (what a username or group name may contain) and token checks
/// belong to the chat service; this type checks the shape only.
public enum MessagePackChatRequest: Sendable, Hashable {
    /// `["register", username, password]`
    case register(username: String, password: String)
    /// `["login", username, password]`
    case login(username: String, password: String)
    /// `["logout", username]` as `003` shows it, or `["logout", username, token]`.
    case logout(username: String, token: String?)
    /// `["add_contact", username, token, contact]`
    case addContact(username: String, token: String, contact: String)
    /// `["whisper", username, token, recipient, content]`
    case whisper(username: String, token: String, recipient: String, content: String)
    /// `["create_group", username, token, group_name]`
    case createGroup(username: String, token: String, groupName: String)
    /// `["join_group", username, token, group_name]`
    case joinGroup(username: String, token: String, groupName: String)
    /// `["msg_group", username, token, group_name, content]`
    case msgGroup(username: String, token: String, groupName: String, content: String)

    /// Validates a decoded value as a request.
    public init(_ value: MessagePackValue) throws(MessagePackChatValidationError) {
        var message = try MessagePackChatElements(value, name: "request", shape: "[action, arguments...]")
        let actionName = try message.string(at: 0, "action")
        guard let action = MessagePackChatAction(wireName: actionName) else {
            let known = MessagePackChatAction.allCases.map(\.rawValue).joined(separator: ", ")
            throw MessagePackChatValidationError(
                kind: .unknownAction, position: message.position(0), field: "action",
                rule: "unknown action \(MessagePackValue.string(actionName)); expected one of \(known)")
        }
        message.name = actionName
        let names = action.argumentNames
        try message.requireAtMost(names.count + 1, takes: action.usage)
        /// The argument at `index` (1 is the first after the action).
        func argument(_ index: Int) throws(MessagePackChatValidationError) -> String {
            try message.string(at: index, names[index - 1], expected: action.usage)
        }
        switch action {
        case .register: self = .register(username: try argument(1), password: try argument(2))
        case .login: self = .login(username: try argument(1), password: try argument(2))
        case .logout:
            // `003` shows logout with the username alone: the token is optional.
            let username = try argument(1)
            self = .logout(username: username, token: message.count > 2 ? try argument(2) : nil)
        case .addContact: self = .addContact(username: try argument(1), token: try argument(2), contact: try argument(3))
        case .whisper:
            self = .whisper(username: try argument(1), token: try argument(2), recipient: try argument(3), content: try argument(4))
        case .createGroup: self = .createGroup(username: try argument(1), token: try argument(2), groupName: try argument(3))
        case .joinGroup: self = .joinGroup(username: try argument(1), token: try argument(2), groupName: try argument(3))
        case .msgGroup:
            self = .msgGroup(username: try argument(1), token: try argument(2), groupName: try argument(3), content: try argument(4))
        }
    }

    /// Decodes and validates one request held whole in `bytes`.
    public init<Bytes: Collection>(decoding bytes: Bytes) throws(MessagePackChatError) where Bytes.Element == UInt8 {
        let value: MessagePackValue
        do { value = try MessagePackDecoder().decode(bytes) } catch { throw .decoding(error) }
        do { self = try MessagePackChatRequest(value) } catch { throw .validation(error) }
    }

    /// The action.
    public var action: MessagePackChatAction {
        switch self {
        case .register: return .register
        case .login: return .login
        case .logout: return .logout
        case .addContact: return .addContact
        case .whisper: return .whisper
        case .createGroup: return .createGroup
        case .joinGroup: return .joinGroup
        case .msgGroup: return .msgGroup
        }
    }

    /// The username every request starts with.
    public var username: String {
        switch self {
        case .register(let username, _), .login(let username, _), .logout(let username, _),
             .addContact(let username, _, _), .whisper(let username, _, _, _), .createGroup(let username, _, _),
             .joinGroup(let username, _, _), .msgGroup(let username, _, _, _):
            return username
        }
    }

    /// The session token, for requests that carry one.
    public var token: String? {
        switch self {
        case .register, .login: return nil
        case .logout(_, let token): return token
        case .addContact(_, let token, _), .whisper(_, let token, _, _), .createGroup(_, let token, _),
             .joinGroup(_, let token, _), .msgGroup(_, let token, _, _):
            return token
        }
    }

    /// The arguments after the action, in wire order.
    public var arguments: [String] {
        switch self {
        case let .register(username, password), let .login(username, password): return [username, password]
        case let .logout(username, token): return [username] + (token.map { [$0] } ?? [])
        case let .addContact(username, token, contact): return [username, token, contact]
        case let .whisper(username, token, recipient, content): return [username, token, recipient, content]
        case let .createGroup(username, token, group), let .joinGroup(username, token, group): return [username, token, group]
        case let .msgGroup(username, token, group, content): return [username, token, group, content]
        }
    }

    /// The request as MessagePack bytes.
    public func encoded() -> [UInt8] {
        let arguments = self.arguments
        // A str header takes at most 5 bytes.
        var writer = MessagePackWriter(capacity: 5 + (1 + arguments.count) * 5
                                                 + arguments.reduce(action.rawValue.utf8.count) { $0 + $1.utf8.count })
        writer.writeArrayHeader(count: 1 + arguments.count)
        writer.writeString(action.rawValue)
        for argument in arguments { writer.writeString(argument) }
        return writer.bytes
    }

    /// The request as a value.
    public var messagePackValue: MessagePackValue {
        .array([.string(action.rawValue)] + arguments.map { .string($0) })
    }
}
