/// A package a client may send: a message or a command. What a server
/// front-end parses each received object as, in one call:
///
/// ```swift
/// do {
///     switch try ChatMasterClientPackage(json) { ... }
/// } catch {
///     send(error.errorPackage.encodedLine())
/// }
/// ```
public enum ChatMasterClientPackage: Sendable, Hashable {
    /// A chat line for the sender's current channel.
    case message(ChatMasterMessage)
    /// A command for the server.
    case command(ChatMasterCommand)

    /// Validates a JSON value as a package from a client; the four server
    /// package types are refused.
    public init(_ json: JSONValue) throws(ChatMasterValidationError) {
        let package = try ChatMasterFields(json, path: "package", errorType: "package")
        let type = try ChatMasterPackage.type(of: package)
        guard type == "message" || type == "command" else {
            throw ChatMasterValidationError(
                path: "type", rule: "\(JSONValue.string(type)) is sent by servers only; clients send message or command",
                errorType: "package")
        }
        let data = try ChatMasterPackage.data(of: package, type: type)
        self = type == "message" ? .message(try ChatMasterMessage(data)) : .command(try ChatMasterCommand(data))
    }

    /// The same package as a ``ChatMasterPackage``.
    public var package: ChatMasterPackage {
        switch self {
        case .message(let message): return .message(message)
        case .command(let command): return .command(command)
        }
    }
}
