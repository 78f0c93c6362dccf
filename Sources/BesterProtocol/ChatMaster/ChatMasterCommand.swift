/// The data of a `command` package (`004`): `{"command": name, "parameters": {...}}`.
///
/// ```json
/// {"type":"command","data":{"command":"join","parameters":{"channel":"rust"}}}
/// ```
///
/// Commands without parameters (`leave`, `private`, `public`, `channels`)
/// accept `parameters` absent, null, or any object (ignored), and are sent
/// without it. Unknown members of `parameters` are ignored.
public enum ChatMasterCommand: Sendable, Hashable {
    /// `login {username[, password]}`: the answer to the server's login
    /// request. Without a password the user is a guest known by nickname;
    /// with one, the user logs in to the registered account of that name.
    case login(username: String, password: String?)
    /// `rename {username}`: change nickname.
    case rename(username: String)
    /// `join {channel}`: join, or create, a channel (the same rooms as
    /// MessagePack chat groups).
    case join(channel: String)
    /// `leave`: leave the current channel.
    case leave
    /// `private`: make the current channel private.
    case makePrivate
    /// `public`: make the current channel public.
    case makePublic
    /// `channels`: ask for the list of public channels.
    case listChannels
    /// `compression {algorithm}`: switch this connection to compressed
    /// framing (see `Docs/chatmaster.md`); `algorithm` is `zlib`.
    case compression(algorithm: String)

    /// The command names, as on the wire.
    public static let names = ["login", "rename", "join", "leave", "private", "public", "channels", "compression"]

    /// The command's name, as on the wire; also the `error_type` of errors about it.
    public var name: String {
        switch self {
        case .login: return "login"
        case .rename: return "rename"
        case .join: return "join"
        case .leave: return "leave"
        case .makePrivate: return "private"
        case .makePublic: return "public"
        case .listChannels: return "channels"
        case .compression: return "compression"
        }
    }

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        var data = data
        data.errorType = "command"
        let name = try data.string("command")
        guard Self.names.contains(name) else {
            throw data.error("command", "unknown command \(JSONValue.string(name)); expected one of "
                             + Self.names.joined(separator: ", "))
        }
        data.errorType = name
        switch name {
        case "login":
            let parameters = try data.object("parameters")
            self = .login(username: try parameters.string("username"), password: try parameters.optionalString("password"))
        case "rename": self = .rename(username: try data.object("parameters").string("username"))
        case "join": self = .join(channel: try data.object("parameters").string("channel"))
        case "compression": self = .compression(algorithm: try data.object("parameters").string("algorithm"))
        default:
            if let given = data.object["parameters"], given != .null, given.objectValue == nil {
                throw data.error("parameters", "must be an object, got \(given.kindName)")
            }
            switch name {
            case "leave": self = .leave
            case "private": self = .makePrivate
            case "public": self = .makePublic
            default: self = .listChannels
            }
        }
    }

    var data: JSONValue {
        var object: JSONObject = ["command": .string(name)]
        switch self {
        case let .login(username, password):
            var parameters: JSONObject = ["username": .string(username)]
            if let password { parameters["password"] = .string(password) }
            object["parameters"] = .object(parameters)
        case .rename(let username): object["parameters"] = ["username": .string(username)]
        case .join(let channel): object["parameters"] = ["channel": .string(channel)]
        case .compression(let algorithm): object["parameters"] = ["algorithm": .string(algorithm)]
        case .leave, .makePrivate, .makePublic, .listChannels: break
        }
        return .object(object)
    }
}
