/// The data of a `notification` package (`004`): the server tells clients
/// about an event, `event_type` naming it.
///
/// ```json
/// {"type":"notification","data":{"event_type":"user_joined","username":"someUser"}}
/// ```
public enum ChatMasterNotification: Sendable, Hashable {
    /// `user_joined {username}`: someone joined the recipient's channel.
    case userJoined(username: String)
    /// `user_left {username}`: someone left the recipient's channel.
    case userLeft(username: String)
    /// `user_rename {old_username, new_username}`: someone changed nickname.
    case userRename(oldUsername: String, newUsername: String)
    /// `channel_list {channels}`: the public channels, the answer to `channels`.
    case channelList(channels: [String])
    /// `compression {algorithm}`: the answer to the `compression` command;
    /// every byte the server sends after this package's line is compressed.
    case compression(algorithm: String)

    /// The event names, as on the wire.
    public static let eventTypes = ["user_joined", "user_left", "user_rename", "channel_list", "compression"]

    /// The event's name, as on the wire.
    public var eventType: String {
        switch self {
        case .userJoined: return "user_joined"
        case .userLeft: return "user_left"
        case .userRename: return "user_rename"
        case .channelList: return "channel_list"
        case .compression: return "compression"
        }
    }

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        let eventType = try data.string("event_type")
        switch eventType {
        case "user_joined": self = .userJoined(username: try data.string("username"))
        case "user_left": self = .userLeft(username: try data.string("username"))
        case "user_rename":
            self = .userRename(oldUsername: try data.string("old_username"), newUsername: try data.string("new_username"))
        case "channel_list": self = .channelList(channels: try data.stringArray("channels"))
        case "compression": self = .compression(algorithm: try data.string("algorithm"))
        default:
            throw data.error("event_type", "unknown event \(JSONValue.string(eventType)); expected one of "
                             + Self.eventTypes.joined(separator: ", "))
        }
    }

    var data: JSONValue {
        var object: JSONObject = ["event_type": .string(eventType)]
        switch self {
        case .userJoined(let username), .userLeft(let username): object["username"] = .string(username)
        case let .userRename(old, new):
            object["old_username"] = .string(old)
            object["new_username"] = .string(new)
        case .channelList(let channels): object["channels"] = .array(channels.map { .string($0) })
        case .compression(let algorithm): object["algorithm"] = .string(algorithm)
        }
        return .object(object)
    }
}
