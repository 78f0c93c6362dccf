/// The data of a `request` package (`004`): the server asks the client for
/// something, and the client answers with the command of the same name.
///
/// ```json
/// {"type":"request","data":{"request":"login"}}
/// ```
public enum ChatMasterRequest: String, Sendable, Hashable, CaseIterable {
    /// Sent when a client connects: answer with the `login` command.
    case login

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        let name = try data.string("request")
        guard let request = ChatMasterRequest(rawValue: name) else {
            throw data.error("request", "unknown request \(JSONValue.string(name)); expected login")
        }
        self = request
    }

    var data: JSONValue { ["request": .string(rawValue)] }
}
