/// One ChatMaster package (`004`): a JSON object `{"type": ..., "data": {...}}`.
///
/// ```swift
/// let package = try ChatMasterPackage(json)        // validate what arrived
/// let line = ChatMasterPackage.notification(.userJoined(username: "ann")).encodedLine()
/// ```
///
/// Validation checks what each package needs and ignores members it does not
/// know, at every level. ``encodedLine()`` is the compact JSON plus `\n`:
/// encode once, write the same bytes to every plain connection (compressed
/// connections pass it through their own compressor).
public enum ChatMasterPackage: Sendable, Hashable {
    /// A chat line, from a client or relayed by the server.
    case message(ChatMasterMessage)
    /// A command from a client.
    case command(ChatMasterCommand)
    /// A request from the server (only `login`).
    case request(ChatMasterRequest)
    /// An event announced by the server.
    case notification(ChatMasterNotification)
    /// The server's verdict on a login.
    case session(ChatMasterSession)
    /// A failed command or package.
    case error(ChatMasterErrorReport)

    /// The values of `type`, as on the wire.
    public static let types = ["message", "command", "request", "notification", "session", "error"]

    /// Validates a JSON value as a package.
    public init(_ json: JSONValue) throws(ChatMasterValidationError) {
        let package = try ChatMasterFields(json, path: "package", errorType: "package")
        let type = try Self.type(of: package)
        let data = try Self.data(of: package, type: type)
        switch type {
        case "message": self = .message(try ChatMasterMessage(data))
        case "command": self = .command(try ChatMasterCommand(data))
        case "request": self = .request(try ChatMasterRequest(data))
        case "notification": self = .notification(try ChatMasterNotification(data))
        case "session": self = .session(try ChatMasterSession(data))
        default: self = .error(try ChatMasterErrorReport(data))
        }
    }

    /// Parses and validates one package held whole in `bytes` (one JSON text).
    public init<Bytes: Collection>(decoding bytes: Bytes) throws(ChatMasterPackageError) where Bytes.Element == UInt8 {
        let json: JSONValue
        do { json = try JSONParser.parse(bytes) } catch { throw .json(error) }
        do { self = try ChatMasterPackage(json) } catch { throw .validation(error) }
    }

    /// The `type` of `package`, checked against the six known ones.
    static func type(of package: ChatMasterFields) throws(ChatMasterValidationError) -> String {
        let type = try package.string("type")
        guard types.contains(type) else {
            throw ChatMasterValidationError(
                path: "type", rule: "unknown package type \(JSONValue.string(type)); expected one of "
                    + types.joined(separator: ", "),
                errorType: "package")
        }
        return type
    }

    /// The `data` object of `package`.
    static func data(of package: ChatMasterFields, type: String) throws(ChatMasterValidationError) -> ChatMasterFields {
        try ChatMasterFields(package.object["data"], path: "data", errorType: type == "message" ? "message" : "package")
    }

    /// The value of `type`.
    public var type: String {
        switch self {
        case .message: return "message"
        case .command: return "command"
        case .request: return "request"
        case .notification: return "notification"
        case .session: return "session"
        case .error: return "error"
        }
    }

    /// The package as JSON.
    public var jsonValue: JSONValue {
        let data: JSONValue
        switch self {
        case .message(let message): data = message.data
        case .command(let command): data = command.data
        case .request(let request): data = request.data
        case .notification(let notification): data = notification.data
        case .session(let session): data = session.data
        case .error(let report): data = report.data
        }
        return ["type": .string(type), "data": data]
    }

    /// The package's line on the wire: compact JSON followed by `\n`.
    public func encodedLine() -> [UInt8] {
        Self.line(jsonValue)
    }

    /// A package's line on the wire: `json` as compact JSON, then `\n`.
    public static func line(_ json: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        JSONSerializer.serialize(json, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
