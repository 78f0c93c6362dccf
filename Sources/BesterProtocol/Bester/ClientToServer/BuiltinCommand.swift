/// A command for the server itself: a request whose `payload.type` is
/// `"builtin"` and whose `payload.data` is `{"command": {"type": NAME, ...}}`
/// (the reference daemon's shape, extended to `001`'s TODO list).
///
/// ```swift
/// let request = BuiltinCommand.authenticate(username: "alice", password: "secret").request(id: "1")
/// ```
public enum BuiltinCommand: Sendable, Hashable, CustomStringConvertible {
    /// Close the connection after the response.
    case close
    /// Create an account and log in as it. On a first frame a missing
    /// username or password is taken from the frame's authentication block.
    case register(username: String?, password: String?)
    /// Log in (again) on this connection.
    case authenticate(username: String, password: String)
    /// Log out; requests then get `notAuthenticated` until `authenticate`.
    case logout
    /// Change the logged-in account's password.
    case changePassword(oldPassword: String, newPassword: String)
    /// Who this connection is logged in as, and its dialect.
    case whoami
    /// Liveness check; answered with `"pong"`.
    case ping
    /// The message handlers the server has, with their state and counters.
    case handlers

    /// The command names, as in `data.command.type`.
    public enum Name: String, Sendable, Hashable, CaseIterable {
        case close, register, authenticate, logout, changePassword, whoami, ping, handlers
    }

    /// The `payload.type` reserved for built-in commands.
    public static let payloadType = "builtin"
    /// The reference daemon's other reserved type: answered with an empty success.
    public static let dummyPayloadType = "dummy"

    /// This command's name.
    public var name: Name {
        switch self {
        case .close: return .close
        case .register: return .register
        case .authenticate: return .authenticate
        case .logout: return .logout
        case .changePassword: return .changePassword
        case .whoami: return .whoami
        case .ping: return .ping
        case .handlers: return .handlers
        }
    }

    /// Reads a built-in request's `payload.data`.
    public static func parse(data: JSONValue) throws(ValidationError) -> BuiltinCommand {
        let object = try FieldReader.object(data, at: "payload.data")
        let command = try FieldReader.object(object["command"], at: "payload.data.command")
        switch try FieldReader.oneOf(command["type"], at: "payload.data.command.type", as: Name.self) {
        case .close: return .close
        case .register:
            return .register(username: try FieldReader.optionalString(command["username"], at: "payload.data.command.username"),
                             password: try FieldReader.optionalString(command["password"], at: "payload.data.command.password"))
        case .authenticate:
            return .authenticate(username: try FieldReader.string(command["username"], at: "payload.data.command.username"),
                                 password: try FieldReader.string(command["password"], at: "payload.data.command.password"))
        case .logout: return .logout
        case .changePassword:
            return .changePassword(
                oldPassword: try FieldReader.string(command["oldPassword"], at: "payload.data.command.oldPassword"),
                newPassword: try FieldReader.string(command["newPassword"], at: "payload.data.command.newPassword"))
        case .whoami: return .whoami
        case .ping: return .ping
        case .handlers: return .handlers
        }
    }

    /// The request's `payload.data`: `{"command": {...}}`.
    public var data: JSONValue {
        var command: JSONObject = ["type": .string(name.rawValue)]
        switch self {
        case .register(let username, let password):
            if let username { command["username"] = .string(username) }
            if let password { command["password"] = .string(password) }
        case .authenticate(let username, let password):
            command["username"] = .string(username)
            command["password"] = .string(password)
        case .changePassword(let oldPassword, let newPassword):
            command["oldPassword"] = .string(oldPassword)
            command["newPassword"] = .string(newPassword)
        case .close, .logout, .whoami, .ping, .handlers:
            break
        }
        return ["command": .object(command)]
    }

    /// A request carrying this command.
    public func request(id: String? = nil, credentials: Credentials? = nil, scope: ConnectionRole? = nil) -> ClientRequest {
        ClientRequest(type: Self.payloadType, data: data, id: id, credentials: credentials, scope: scope)
    }

    /// The command name and its user names; passwords are never shown.
    public var description: String {
        switch self {
        case .register(let username, _): return username.map { "register \($0)" } ?? "register"
        case .authenticate(let username, _): return "authenticate \(username)"
        default: return name.rawValue
        }
    }
}
