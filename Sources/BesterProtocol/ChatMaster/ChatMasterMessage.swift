/// The data of a `message` package (`004`): a chat line.
///
/// ```json
/// {"type":"message","data":{"message":"Hello World!","username":"SomeUser"}}
/// ```
///
/// Servers always send `username`, the author. Clients may leave it out; a
/// server ignores what a client puts there and uses the session's name, so
/// nobody can speak as someone else.
public struct ChatMasterMessage: Sendable, Hashable {
    /// The text (`message`).
    public var text: String
    /// The author (`username`); nil when a client left it out.
    public var username: String?

    /// Creates a message.
    public init(text: String, username: String? = nil) {
        self.text = text
        self.username = username
    }

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        text = try data.string("message")
        username = try data.optionalString("username")
    }

    var data: JSONValue {
        var object: JSONObject = ["message": .string(text)]
        if let username { object["username"] = .string(username) }
        return .object(object)
    }
}
